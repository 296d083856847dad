export * from "./pure/index.js";
