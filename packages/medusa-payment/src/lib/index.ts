export * from "./options.js";
export * from "./status.js";
export * from "./security.js";
export * from "./session-data.js";
export * from "./mapping.js";
