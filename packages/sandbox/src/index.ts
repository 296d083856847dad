/**
 * @clientloop/sandbox — a local, stateful stand-in for the ClientLoop payment API, for tests
 * and demos: the three mutations over GraphQL, a hosted payment page, an outbox, signed events
 * to callbackUrl, fault injection and a control API. In memory only.
 */
export { startSandbox, type Sandbox } from "./server.js";
export type { CreateSessionInput, SandboxControl } from "./control/controller.js";
export { DEFAULT_API_KEY, DEFAULT_CONTACTS, DEFAULT_ORG_ID, DEFAULT_SIGNING_SECRET } from "./options.js";
export type { WaitOptions } from "./events/dispatcher.js";
export type * from "./types.js";
