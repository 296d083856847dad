/**
 * Provider options, their defaults and their validation. `validateOptions` runs at boot (Medusa
 * calls the provider's static `validateOptions` before registering it), so a misconfigured
 * store fails to start with a message naming the option, never the secret's value.
 */
import { DEFAULT_BASE_URL, isHttpUrl } from "@clientloop/core";

export type RefundMode = "disabled" | "manual";

export interface ClientLoopProviderOptions {
  /** Secret ClientLoop API key (`Authorization: Bearer`). */
  apiKey: string;
  /** The ClientLoop organization the key belongs to. */
  orgId: string;
  /** GraphQL endpoint; defaults to `https://graph.clientloop.com/`. The sandbox's URL in tests. */
  baseUrl?: string;
  /**
   * Where ClientLoop sends the customer after paying: the storefront's return page. `{cart_id}`
   * is replaced by the cart id; without the placeholder `cart_id=<id>` is appended.
   */
  successUrl: string;
  /** Public base URL of this Medusa server (ClientLoop POSTs events to `<base>/hooks/clientloop`). */
  callbackBaseUrl: string;
  /** The organization's webhook signing secret (`whsec_…`); several during a rotation. */
  signingSecret: string | string[];
  /** Minutes a ClientLoop session stays payable. Default 60, from 5 to 43 200 (30 days). */
  expiresInMinutes?: number;
  /** `disabled` (default): refunds throw "refund it in ClientLoop". `manual`: Medusa records a refund made in ClientLoop's dashboard. */
  refundMode?: RefundMode;
  /** Per-attempt ClientLoop timeout (ms). Default 15 000. */
  timeoutMs?: number;
  /** Extra attempts for requests that are safe to repeat (never a create). Default 2. */
  maxRetries?: number;
  /** Store route: link sends allowed per payment session per window. Default 3. */
  sendLinkLimit?: number;
  /** Store route: the rate-limit window in seconds. Default 900. */
  sendLinkWindowSeconds?: number;
  brandName?: string;
  brandLogoUrl?: string;
  checkoutConfigurationId?: string;
}

export interface ResolvedOptions extends Required<Omit<ClientLoopProviderOptions, "brandName" | "brandLogoUrl" | "checkoutConfigurationId" | "signingSecret">> {
  signingSecrets: string[];
  brandName?: string;
  brandLogoUrl?: string;
  checkoutConfigurationId?: string;
}

export const DEFAULTS = {
  expiresInMinutes: 60,
  refundMode: "disabled" as RefundMode,
  timeoutMs: 15_000,
  maxRetries: 2,
  sendLinkLimit: 3,
  sendLinkWindowSeconds: 900,
};

export class ClientLoopOptionsError extends Error {
  constructor(problems: string[]) {
    super(
      `@clientloop/medusa-payment: invalid provider options in medusa-config (modules › payment › providers › clientloop › options):\n  - ${problems.join("\n  - ")}`,
    );
    this.name = "ClientLoopOptionsError";
  }
}

const isNonEmpty = (v: unknown): v is string => typeof v === "string" && v.trim() !== "";

/** Returns the list of problems; empty when the options are usable. Never includes a secret's value. */
export function optionProblems(raw: unknown): string[] {
  const o = (raw ?? {}) as Record<string, unknown>;
  const problems: string[] = [];
  if (!isNonEmpty(o.apiKey)) problems.push("`apiKey` is required: the ClientLoop API key (e.g. process.env.CLIENTLOOP_API_KEY)");
  if (!isNonEmpty(o.orgId)) problems.push("`orgId` is required: the ClientLoop organization id of the API key");
  if (o.baseUrl !== undefined && !(isNonEmpty(o.baseUrl) && isHttpUrl(o.baseUrl))) problems.push("`baseUrl` must be an absolute http(s) URL");
  if (!isNonEmpty(o.successUrl)) problems.push("`successUrl` is required: the storefront return page, e.g. https://shop.example/checkout/clientloop/return?cart_id={cart_id}");
  else if (!isHttpUrl(o.successUrl.replace("{cart_id}", "cart_x"))) problems.push("`successUrl` must be an absolute http(s) URL");
  if (!isNonEmpty(o.callbackBaseUrl)) problems.push("`callbackBaseUrl` is required: the public URL of this Medusa server, e.g. https://api.shop.example");
  else if (!isHttpUrl(o.callbackBaseUrl)) problems.push("`callbackBaseUrl` must be an absolute http(s) URL");
  else if (/[?#]/.test(o.callbackBaseUrl)) problems.push("`callbackBaseUrl` must not contain a query string or fragment");
  const secrets = Array.isArray(o.signingSecret) ? o.signingSecret : [o.signingSecret];
  if (secrets.length === 0 || !secrets.every(isNonEmpty)) {
    problems.push("`signingSecret` is required: the ClientLoop webhook signing secret (whsec_…), or a list of them during a rotation");
  } else if (!secrets.every((s) => (s as string).length >= 16)) {
    problems.push("`signingSecret` looks truncated (fewer than 16 characters)");
  }
  if (o.expiresInMinutes !== undefined && !(Number.isInteger(o.expiresInMinutes) && (o.expiresInMinutes as number) >= 5 && (o.expiresInMinutes as number) <= 43_200)) {
    problems.push("`expiresInMinutes` must be an integer from 5 to 43200");
  }
  if (o.refundMode !== undefined && o.refundMode !== "disabled" && o.refundMode !== "manual") problems.push('`refundMode` must be "disabled" or "manual"');
  if (o.timeoutMs !== undefined && !(typeof o.timeoutMs === "number" && o.timeoutMs > 0)) problems.push("`timeoutMs` must be a positive number");
  if (o.maxRetries !== undefined && !(Number.isInteger(o.maxRetries) && (o.maxRetries as number) >= 0 && (o.maxRetries as number) <= 10)) problems.push("`maxRetries` must be an integer from 0 to 10");
  if (o.sendLinkLimit !== undefined && !(Number.isInteger(o.sendLinkLimit) && (o.sendLinkLimit as number) >= 1)) problems.push("`sendLinkLimit` must be a positive integer");
  if (o.sendLinkWindowSeconds !== undefined && !(Number.isInteger(o.sendLinkWindowSeconds) && (o.sendLinkWindowSeconds as number) >= 1)) problems.push("`sendLinkWindowSeconds` must be a positive integer");
  if (o.brandLogoUrl !== undefined && !(isNonEmpty(o.brandLogoUrl) && isHttpUrl(o.brandLogoUrl))) problems.push("`brandLogoUrl` must be an absolute http(s) URL");
  return problems;
}

export function validateOptions(raw: unknown): void {
  const problems = optionProblems(raw);
  if (problems.length) throw new ClientLoopOptionsError(problems);
}

export function resolveOptions(raw: ClientLoopProviderOptions): ResolvedOptions {
  validateOptions(raw);
  const { signingSecret, ...rest } = raw;
  return {
    ...DEFAULTS,
    ...rest,
    baseUrl: raw.baseUrl ?? DEFAULT_BASE_URL,
    callbackBaseUrl: raw.callbackBaseUrl.replace(/\/+$/, ""),
    signingSecrets: Array.isArray(signingSecret) ? [...signingSecret] : [signingSecret],
  } as ResolvedOptions;
}
