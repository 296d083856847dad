/**
 * The pure layer of @clientloop/core: schema, operations, validation, money, errors and
 * response mapping. No timers, no `process`, no I/O — safe to bundle into an n8n node, which
 * supplies its own transport.
 */
export * from "./contract.js";
export * from "./currencies.js";
export * from "./errors.js";
export * from "./http.js";
export * from "./inputs.js";
export * from "./money.js";
export * from "./operations.js";
export * from "./redact.js";
export * from "./response.js";
export * from "./retry.js";
export * from "./rules.js";
export * from "./scalars.js";
export * from "./send.js";
export * from "./schema.js";
export * from "./types.js";
export * from "./validate.js";
export * from "./vocabulary.js";
