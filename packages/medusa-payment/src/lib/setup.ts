/**
 * The one configuration rule Medusa cannot check for us: the payment module must list the
 * plugin's ClientLoop module in its `dependencies`, so that the provider (which Medusa builds
 * inside the payment module's own container) can reach the ledger.
 */
export const CLIENTLOOP_MODULE_KEY = "clientloop";
export const PROVIDER_RESOLVE = "@clientloop/medusa-payment/providers/clientloop";

export const SETUP_HINT = `add \`dependencies: ["${CLIENTLOOP_MODULE_KEY}"]\` to the "@medusajs/medusa/payment" entry of \`modules\` in medusa-config (the entry that registers "${PROVIDER_RESOLVE}")`;

type ModuleEntry = { resolve?: unknown; dependencies?: unknown; options?: { providers?: { resolve?: unknown }[] } };

/** A message naming the fix, or undefined when the setup is right (or no ClientLoop provider is configured). */
export function missingPaymentDependency(modules: unknown): string | undefined {
  const entries: ModuleEntry[] = Array.isArray(modules)
    ? modules
    : Object.values((modules ?? {}) as Record<string, ModuleEntry>);
  const payment = entries.find(
    (m) =>
      m &&
      typeof m === "object" &&
      (m.options?.providers ?? []).some(
        (p) => typeof p?.resolve === "string" && p.resolve.includes("medusa-payment/providers/clientloop"),
      ),
  );
  if (!payment) return undefined;
  const deps = Array.isArray(payment.dependencies) ? payment.dependencies : [];
  return deps.includes(CLIENTLOOP_MODULE_KEY)
    ? undefined
    : `@clientloop/medusa-payment: the ClientLoop provider cannot reach the plugin's ledger: ${SETUP_HINT}.`;
}
