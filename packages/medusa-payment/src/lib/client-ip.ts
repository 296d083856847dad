/**
 * The client IP for rate limits. By default it is Express's `req.ip`, which follows Medusa's
 * `trust proxy` setting (hard-coded to one proxy in Medusa 2.x): right behind exactly one proxy
 * that appends the caller's address to X-Forwarded-For. With `trustProxy: n`, the address is the
 * n-th entry from the right of `X-Forwarded-For, <socket address>` — so with 0 the socket address
 * is used and a client-written X-Forwarded-For cannot pick its own quota.
 */
export function clientIp(
  req: { ip?: string; socket?: { remoteAddress?: string }; headers: Record<string, unknown> },
  trustProxy: number | undefined,
): string {
  if (trustProxy === undefined) return req.ip ?? req.socket?.remoteAddress ?? "unknown";
  const forwarded = req.headers["x-forwarded-for"];
  const hops = (Array.isArray(forwarded) ? forwarded.join(",") : typeof forwarded === "string" ? forwarded : "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const chain = [...hops, req.socket?.remoteAddress ?? "unknown"];
  return chain[Math.max(0, chain.length - 1 - trustProxy)]!;
}
