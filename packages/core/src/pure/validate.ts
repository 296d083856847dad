/**
 * Turns zod results into ClientLoopValidationError with field paths (`input.contactRef.contactEmail`),
 * so bad input is reported before any request is sent.
 */
import type * as z from "zod/v4/mini";
import { ClientLoopValidationError, type ValidationIssue } from "./errors.js";
import { ERROR_CODES } from "./contract.js";
import { compileAccept } from "./fast-accept.js";
import {
  createPaymentSessionInputSchema,
  sendPaymentSessionLinkInputSchema,
  updatePaymentSessionInputSchema,
  type CreatePaymentSessionInput,
  type SendPaymentSessionLinkInput,
  type UpdatePaymentSessionInput,
} from "./inputs.js";

/** `["input","invoiceRefs",0,"lines",1,"price"]` → `input.invoiceRefs[0].lines[1].price` */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (acc, key) => (typeof key === "number" ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)),
    "",
  );
}

export function issuesOf(error: { issues: z.core.$ZodIssue[] }, root = "input"): ValidationIssue[] {
  return error.issues.flatMap((issue) => {
    const base = [root, ...issue.path];
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({ path: formatPath([...base, key]), message: "is not a field of this input" }));
    }
    return [{ path: formatPath(base), message: issue.message }];
  });
}

export function validationError(issues: readonly ValidationIssue[], operation?: string): ClientLoopValidationError {
  const summary = issues.map((i) => `${i.path}: ${i.message}`).join("; ");
  return new ClientLoopValidationError(
    `Invalid ${operation ?? "input"}${issues.length > 1 ? ` (${issues.length} problems)` : ""}: ${summary}`,
    { code: ERROR_CODES.BAD_USER_INPUT, issues, operation },
  );
}

/**
 * A parse function: the fast pass accepts valid input as it is (see fast-accept.ts); anything
 * else goes through zod, which reports every issue with its path.
 */
function parser<T>(schema: z.ZodMiniType, operation: string) {
  const accept = compileAccept(schema);
  return (input: unknown): T => {
    if (accept?.(input)) return input as T;
    const result = schema.safeParse(input);
    if (!result.success) throw validationError(issuesOf(result.error), operation);
    return result.data as T;
  };
}

/** Validates a createPaymentSession input; throws ClientLoopValidationError naming every bad field. */
export const parseCreatePaymentSessionInput = parser<CreatePaymentSessionInput>(
  createPaymentSessionInputSchema,
  "createPaymentSession",
);
export const parseUpdatePaymentSessionInput = parser<UpdatePaymentSessionInput>(
  updatePaymentSessionInputSchema,
  "updatePaymentSession",
);
export const parseSendPaymentSessionLinkInput = parser<SendPaymentSessionLinkInput>(
  sendPaymentSessionLinkInputSchema,
  "sendPaymentSessionLink",
);
