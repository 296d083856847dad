/**
 * @clientloop/core — the ClientLoop client and everything it is made of.
 * Subpaths: `./pure` (no I/O, bundle-safe), `./webhooks` (callback verification),
 * `./testing` (fixtures and signed test events for your own tests).
 */
export * from "./pure/index.js";
export { ClientLoop, userAgent } from "./client.js";
export type { AppInfo, ClientLoopOptions, RequestOptions, ResponseMeta, WithResponse } from "./client.js";
export type { Logger } from "./transport/fetch-transport.js";
export { VERSION } from "./version.js";
