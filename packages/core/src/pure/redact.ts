/**
 * Keeps personal data and secrets out of error messages and logs. Server messages may quote the
 * request (an email, a phone number); every such value from the variables is replaced.
 */

/** Variable keys whose values are not personal data and help debugging when left visible. */
const SAFE_KEYS = new Set([
  "id",
  "orgId",
  "currency",
  "channel",
  "status",
  "amount",
  "invoiceTotal",
  "price",
  "num",
  "quantity",
  "checkoutConfigurationId",
  "paymentId",
  "expirationDate",
  "createPendingPayment",
]);

function collectSensitive(value: unknown, key: string | undefined, out: Set<string>): void {
  if (typeof value === "string") {
    if (key === undefined || !SAFE_KEYS.has(key)) if (value.length >= 3) out.add(value);
  } else if (Array.isArray(value)) {
    for (const item of value) collectSensitive(item, key, out);
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) collectSensitive(v, k, out);
  }
}

/** Replaces every sensitive string of `variables` (and each secret) found in `message`. */
export function redact(message: string, variables?: unknown, secrets: readonly (string | undefined)[] = []): string {
  const sensitive = new Set<string>();
  collectSensitive(variables, undefined, sensitive);
  for (const s of secrets) if (s) sensitive.add(s);
  let out = message;
  // longest first, so "ann@example.com" goes before a name it contains
  for (const s of [...sensitive].sort((a, b) => b.length - a.length)) out = out.split(s).join("[redacted]");
  return out;
}
