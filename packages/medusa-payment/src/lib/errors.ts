/**
 * ClientLoop failures as Medusa errors a shopper or admin can act on: the cause and what to do,
 * never a secret or an input value.
 */
import { ClientLoopError } from "@clientloop/core";
import { MedusaError } from "@medusajs/framework/utils";
import { AmountError, ContactError } from "./mapping";

export function toMedusaError(error: unknown, doing: string): MedusaError {
  if (error instanceof MedusaError) return error;
  if (error instanceof AmountError || error instanceof ContactError)
    return new MedusaError(MedusaError.Types.INVALID_DATA, error.message);
  if (ClientLoopError.isInstance(error)) {
    const e = error as ClientLoopError & { issues?: { path: string; message: string }[] };
    switch (e.kind) {
      case "validation": {
        const issues = (e.issues ?? []).map((i) => `${i.path}: ${i.message}`).join("; ");
        return new MedusaError(
          MedusaError.Types.INVALID_DATA,
          `ClientLoop rejected the data to ${doing}${issues ? `: ${issues}` : `: ${e.message}`}`,
        );
      }
      case "state":
        return new MedusaError(
          MedusaError.Types.NOT_ALLOWED,
          `Could not ${doing}: the ClientLoop payment session is no longer active (paid, expired or canceled). Start a new payment session.`,
        );
      case "not_found":
        return new MedusaError(
          MedusaError.Types.NOT_FOUND,
          `Could not ${doing}: ClientLoop does not know this payment session.`,
        );
      case "authentication":
        return new MedusaError(
          MedusaError.Types.UNEXPECTED_STATE,
          `Could not ${doing}: ClientLoop rejected the store's credentials. The store owner must check the ClientLoop API key and organization id.`,
        );
      default: {
        const maybe = e.mayHaveSucceeded ? " If a payment link was created it will expire unused." : "";
        return new MedusaError(
          MedusaError.Types.UNEXPECTED_STATE,
          `ClientLoop is unavailable right now (${e.code}), so we could not ${doing}. No payment was taken; please try again in a moment.${maybe}`,
        );
      }
    }
  }
  return new MedusaError(
    MedusaError.Types.UNEXPECTED_STATE,
    `Could not ${doing}: ${(error as Error)?.message ?? "unknown error"}`,
  );
}
