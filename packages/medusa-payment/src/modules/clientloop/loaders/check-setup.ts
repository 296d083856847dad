/**
 * Runs at boot in every process: the plugin's options are valid, and the payment module lists
 * this module in its `dependencies` (without it the provider cannot read the ledger, so no
 * ClientLoop payment could ever be authorized). Fails with what to change, never a secret.
 */
import type { LoaderOptions } from "@medusajs/framework/types";
import { validateOptions } from "../../../lib/options";
import { missingPaymentDependency } from "../../../lib/setup";

export default async function checkSetup({ container, options, dataLoaderOnly }: LoaderOptions): Promise<void> {
  if (dataLoaderOnly) return;
  validateOptions(options);
  let configModule: { modules?: unknown } | undefined;
  try {
    configModule = container.resolve("configModule") as { modules?: unknown };
  } catch {
    return; // loaded outside a Medusa app (e.g. a module test): nothing to check
  }
  const problem = missingPaymentDependency(configModule?.modules);
  if (problem) throw new Error(problem);
}
