/**
 * The ClientLoop client: validation first (nothing invalid is sent), then the shared retry loop
 * (pure/send.ts) around attempts over fetch, with graphql-request doing the GraphQL exchange.
 */
import { DEFAULT_BASE_URL, HEADERS, type OperationName } from "./pure/contract.js";
import { getHeader } from "./pure/http.js";
import type {
  CreatePaymentSessionInput,
  SendPaymentSessionLinkInput,
  UpdatePaymentSessionInput,
} from "./pure/inputs.js";
import { buildOperationRequest, type OperationTypes } from "./pure/response.js";
import type { BackoffOptions } from "./pure/retry.js";
import { isHttpUrl } from "./pure/rules.js";
import { sendOperation } from "./pure/send.js";
import type { OperationSuccess, PaymentSession } from "./pure/types.js";
import { abortedError, FetchTransport, type Logger } from "./transport/fetch-transport.js";
import { sleep } from "./transport/sleep.js";
import { VERSION } from "./version.js";

export interface AppInfo {
  name: string;
  version?: string;
  url?: string;
}

export interface ClientLoopOptions {
  /** Secret API key (`Authorization: Bearer`). Never logged or put in errors. */
  apiKey: string;
  /** GraphQL endpoint. Default `https://graph.clientloop.com/`; the sandbox's `url` in tests. */
  baseUrl?: string;
  /**
   * A fetch to send requests with. Default on Node: Node's http/https through their global agents
   * (keep-alive; `NODE_USE_ENV_PROXY`, CAs and socket options set on them apply); elsewhere the
   * global fetch. Pass `globalThis.fetch` (or undici's) to use fetch on Node too.
   */
  fetch?: typeof fetch;
  /** Per attempt, covering connect, headers and body. Default 30 000 ms. */
  timeoutMs?: number;
  /** Extra attempts for failures that are safe to repeat (see the contract). Default 2. */
  maxRetries?: number;
  backoff?: BackoffOptions;
  /** Identifies your integration in the User-Agent, e.g. `{ name: "my-shop", version: "1.2.0" }`. */
  appInfo?: AppInfo;
  /** Receives one debug line per attempt and a warning per retry; never variables or secrets. */
  logger?: Logger;
}

export interface RequestOptions {
  /** Sent as `Idempotency-Key`; default a new UUID per call, reused by every attempt of it. */
  idempotencyKey?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
  maxRetries?: number;
}

export interface ResponseMeta {
  requestId: string | undefined;
  statusCode: number;
  idempotencyKey: string;
}

/** A result, with the response's metadata as a non-enumerable `lastResponse`. */
export type WithResponse<T> = T & { readonly lastResponse: ResponseMeta };

function checkOptions(options: ClientLoopOptions): void {
  if (!options || typeof options.apiKey !== "string" || options.apiKey.trim() === "") {
    throw new TypeError("ClientLoop: `apiKey` is required (a non-empty string)");
  }
  if (options.baseUrl !== undefined && !isHttpUrl(options.baseUrl)) {
    throw new TypeError("ClientLoop: `baseUrl` must be an absolute http(s) URL");
  }
  if (options.timeoutMs !== undefined && !(Number.isFinite(options.timeoutMs) && options.timeoutMs > 0)) {
    throw new TypeError("ClientLoop: `timeoutMs` must be a positive number of milliseconds");
  }
  if (
    options.maxRetries !== undefined &&
    !(Number.isInteger(options.maxRetries) && options.maxRetries >= 0 && options.maxRetries <= 10)
  ) {
    throw new TypeError("ClientLoop: `maxRetries` must be an integer from 0 to 10");
  }
}

export function userAgent(appInfo?: AppInfo): string {
  const base = `clientloop-node/${VERSION} node/${process.versions.node}`;
  if (!appInfo) return base;
  return `${base} ${appInfo.name}${appInfo.version ? `/${appInfo.version}` : ""}${appInfo.url ? ` (${appInfo.url})` : ""}`;
}

export class ClientLoop {
  readonly paymentSessions: {
    /** Creates a session; returns it with its `link`. Never retried once it may have reached ClientLoop. */
    create(input: CreatePaymentSessionInput, options?: RequestOptions): Promise<WithResponse<PaymentSession>>;
    /** Updates an Active session. */
    update(input: UpdatePaymentSessionInput, options?: RequestOptions): Promise<WithResponse<PaymentSession>>;
    /** Sends the session's link by email or SMS. Never retried once it may have reached ClientLoop. */
    sendLink(input: SendPaymentSessionLinkInput, options?: RequestOptions): Promise<WithResponse<OperationSuccess>>;
  };

  readonly #options: Required<Pick<ClientLoopOptions, "apiKey" | "baseUrl" | "timeoutMs" | "maxRetries">> &
    ClientLoopOptions;
  readonly #transport: FetchTransport;

  constructor(options: ClientLoopOptions) {
    checkOptions(options);
    this.#options = { baseUrl: DEFAULT_BASE_URL, timeoutMs: 30_000, maxRetries: 2, ...options };
    this.#transport = new FetchTransport(
      this.#options.baseUrl,
      { authorization: `Bearer ${options.apiKey}`, "user-agent": userAgent(options.appInfo) },
      options.fetch,
    );
    this.paymentSessions = {
      create: (input, opts) => this.#execute("createPaymentSession", input, opts),
      update: (input, opts) => this.#execute("updatePaymentSession", input, opts),
      sendLink: (input, opts) => this.#execute("sendPaymentSessionLink", input, opts),
    };
  }

  /** The endpoint this client talks to. */
  get baseUrl(): string {
    return this.#options.baseUrl;
  }

  /** Hides the key from `console.log(client)` and JSON. */
  toJSON(): Record<string, unknown> {
    return { baseUrl: this.#options.baseUrl, apiKey: "[redacted]" };
  }

  async #execute<K extends OperationName>(
    operation: K,
    input: unknown,
    options: RequestOptions = {},
  ): Promise<WithResponse<OperationTypes[K]["result"]>> {
    const request = buildOperationRequest(operation, input); // throws before any network call
    const idempotencyKey = options.idempotencyKey ?? crypto.randomUUID();
    const o = this.#options;
    const transport = this.#transport;
    transport.prepare();
    const headers = { "idempotency-key": idempotencyKey } satisfies Record<typeof HEADERS.idempotencyKey, string>; // a literal key: cheaper than a computed one, per call
    const { signal } = options;
    const timeoutMs = options.timeoutMs ?? o.timeoutMs;
    const warn = o.logger?.warn;
    const attempt = { operation, request, headers, timeoutMs, signal, logger: o.logger };
    const { result, response } = await sendOperation({
      operation,
      request,
      send: () => transport.send(attempt),
      maxRetries: options.maxRetries ?? o.maxRetries,
      backoff: o.backoff,
      sleep: signal ? (ms) => sleep(ms, signal).catch(() => Promise.reject(abortedError(operation))) : sleep,
      errorContext: { variables: request.variables, secrets: [o.apiKey] },
      onRetry:
        warn &&
        ((n) =>
          warn.call(
            o.logger,
            `clientloop ${operation}: attempt ${n.attempt} failed (${n.error.code}); retrying in ${n.delayMs} ms`,
          )),
    });
    Object.defineProperty(result, "lastResponse", {
      value: { requestId: getHeader(response.headers, HEADERS.requestId), statusCode: response.status, idempotencyKey },
      enumerable: false,
    });
    return result as WithResponse<OperationTypes[K]["result"]>;
  }
}
