/**
 * The plugin's options (`plugins: [{ resolve: "@clientloop/medusa-payment", options }]`), their
 * defaults and their validation. They reach the plugin's ClientLoop module, which every part of
 * the plugin uses (the provider through the payment module's `dependencies`). The module's
 * loader validates them at boot, so a misconfigured store fails to start with a message naming
 * the option, never a secret's value.
 */
import { DEFAULT_BASE_URL, isHttpUrl } from "@clientloop/core";

export type RefundMode = "disabled" | "manual";

export interface ClientLoopPluginOptions {
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
  /** Public base URL of the Medusa server instances (ClientLoop POSTs events to `<base>/hooks/clientloop`). */
  callbackBaseUrl: string;
  /** The organization's webhook signing secret (`whsec_…`); several during a rotation. */
  signingSecret: string | string[];
  /** Minutes a ClientLoop session stays payable. Default 60, from 5 to 43 200 (30 days). */
  expiresInMinutes?: number;
  /** `disabled` (default): refunds throw "refund it in ClientLoop". `manual`: Medusa records a refund made in ClientLoop's dashboard. */
  refundMode?: RefundMode;
  /** Per-attempt ClientLoop timeout (ms). Default 15 000. */
  timeoutMs?: number;
  /** Extra attempts for requests that are safe to repeat (never a create or a send). Default 2. */
  maxRetries?: number;
  /** Store resend-link route: sends per cart, and per recipient, in one window. Default 3. */
  sendLinkLimit?: number;
  /** Store resend-link route: sends per client IP in one window. Default 30. */
  sendLinkIpLimit?: number;
  /** Store resend-link route: the window in seconds. Default 900. */
  sendLinkWindowSeconds?: number;
  /**
   * Proxies in front of Medusa that append to `X-Forwarded-For`, for the client IP of the
   * resend-link limit. Default: Medusa's own `trust proxy` setting (`req.ip`, one proxy). Set 0
   * when clients reach Medusa directly (then X-Forwarded-For is client-written and ignored).
   */
  trustProxy?: number;
  brandName?: string;
  brandLogoUrl?: string;
  checkoutConfigurationId?: string;
}

export interface ResolvedOptions extends Required<
  Omit<
    ClientLoopPluginOptions,
    "brandName" | "brandLogoUrl" | "checkoutConfigurationId" | "signingSecret" | "trustProxy"
  >
> {
  signingSecrets: string[];
  trustProxy?: number;
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
  sendLinkIpLimit: 30,
  sendLinkWindowSeconds: 900,
};

export const OPTIONS_PATH = 'medusa-config › plugins › "@clientloop/medusa-payment" › options';

export class ClientLoopOptionsError extends Error {
  constructor(problems: string[]) {
    super(`@clientloop/medusa-payment: invalid options (${OPTIONS_PATH}):\n  - ${problems.join("\n  - ")}`);
    this.name = "ClientLoopOptionsError";
  }
}

const isNonEmpty = (v: unknown): v is string => typeof v === "string" && v.trim() !== "";
const isIntIn = (v: unknown, min: number, max = Number.MAX_SAFE_INTEGER) =>
  Number.isInteger(v) && (v as number) >= min && (v as number) <= max;

/** Returns the list of problems; empty when the options are usable. Never includes a secret's value. */
export function optionProblems(raw: unknown): string[] {
  const o = (raw ?? {}) as Record<string, unknown>;
  const problems: string[] = [];
  if (!isNonEmpty(o.apiKey))
    problems.push("`apiKey` is required: the ClientLoop API key (e.g. process.env.CLIENTLOOP_API_KEY)");
  if (!isNonEmpty(o.orgId)) problems.push("`orgId` is required: the ClientLoop organization id of the API key");
  if (o.baseUrl !== undefined && !(isNonEmpty(o.baseUrl) && isHttpUrl(o.baseUrl)))
    problems.push("`baseUrl` must be an absolute http(s) URL");
  if (!isNonEmpty(o.successUrl))
    problems.push(
      "`successUrl` is required: the storefront return page, e.g. https://shop.example/checkout/clientloop/return?cart_id={cart_id}",
    );
  else if (!isHttpUrl(o.successUrl.replace("{cart_id}", "cart_x")))
    problems.push("`successUrl` must be an absolute http(s) URL");
  if (!isNonEmpty(o.callbackBaseUrl))
    problems.push("`callbackBaseUrl` is required: the public URL of this Medusa server, e.g. https://api.shop.example");
  else if (!isHttpUrl(o.callbackBaseUrl)) problems.push("`callbackBaseUrl` must be an absolute http(s) URL");
  else if (/[?#]/.test(o.callbackBaseUrl))
    problems.push("`callbackBaseUrl` must not contain a query string or fragment");
  const secrets = Array.isArray(o.signingSecret) ? o.signingSecret : [o.signingSecret];
  if (secrets.length === 0 || !secrets.every(isNonEmpty)) {
    problems.push(
      "`signingSecret` is required: the ClientLoop webhook signing secret (whsec_…), or a list of them during a rotation",
    );
  } else if (!secrets.every((s) => (s as string).length >= 16)) {
    problems.push("`signingSecret` looks truncated (fewer than 16 characters)");
  }
  if (o.expiresInMinutes !== undefined && !isIntIn(o.expiresInMinutes, 5, 43_200))
    problems.push("`expiresInMinutes` must be an integer from 5 to 43200");
  if (o.refundMode !== undefined && o.refundMode !== "disabled" && o.refundMode !== "manual")
    problems.push('`refundMode` must be "disabled" or "manual"');
  if (o.timeoutMs !== undefined && !(typeof o.timeoutMs === "number" && o.timeoutMs > 0))
    problems.push("`timeoutMs` must be a positive number");
  if (o.maxRetries !== undefined && !isIntIn(o.maxRetries, 0, 10))
    problems.push("`maxRetries` must be an integer from 0 to 10");
  for (const name of ["sendLinkLimit", "sendLinkIpLimit", "sendLinkWindowSeconds"] as const) {
    if (o[name] !== undefined && !isIntIn(o[name], 1)) problems.push(`\`${name}\` must be a positive integer`);
  }
  if (o.trustProxy !== undefined && !isIntIn(o.trustProxy, 0, 10))
    problems.push("`trustProxy` must be the number of proxies in front of Medusa, from 0 to 10");
  if (o.brandLogoUrl !== undefined && !(isNonEmpty(o.brandLogoUrl) && isHttpUrl(o.brandLogoUrl)))
    problems.push("`brandLogoUrl` must be an absolute http(s) URL");
  return problems;
}

export function validateOptions(raw: unknown): void {
  const problems = optionProblems(raw);
  if (problems.length) throw new ClientLoopOptionsError(problems);
}

export function resolveOptions(raw: ClientLoopPluginOptions): ResolvedOptions {
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
