/**
 * Errors of the sandbox's own rules (state, ownership, recipients). They carry the contract's
 * `extensions.code` and, for input problems, the field path; graphql-js copies `extensions`
 * from a thrown error onto the GraphQL error it reports.
 */
import { ClientLoopValidationError, ERROR_CODES, type ErrorCode } from "@clientloop/core/pure";

export class SandboxError extends Error {
  readonly extensions: { code: ErrorCode; field?: string; [key: string]: unknown };
  constructor(code: ErrorCode, message: string, field?: string, extra?: Record<string, unknown>) {
    super(message);
    this.name = "SandboxError";
    this.extensions = field ? { code, field, ...extra } : { code, ...extra };
  }
  get code(): ErrorCode {
    return this.extensions.code;
  }
}

/** `field: rule` — every input error names its field and never echoes the value. */
export function inputError(field: string, rule: string, code: ErrorCode = ERROR_CODES.BAD_USER_INPUT): SandboxError {
  return new SandboxError(code, `${field}: ${rule}`, field);
}

export function notFound(field: string, what: string): SandboxError {
  return new SandboxError(ERROR_CODES.NOT_FOUND, `${field}: no ${what} with this id in your organization`, field);
}

export function notActive(status: string): SandboxError {
  return new SandboxError(
    ERROR_CODES.SESSION_NOT_ACTIVE,
    `the payment session is ${status}; only Active sessions can be changed or have their link sent`,
    undefined,
    { status },
  );
}

/** HTTP status of a sandbox error used outside GraphQL (control API, hosted page). */
export function httpStatusOf(code: string): number {
  switch (code) {
    case ERROR_CODES.NOT_FOUND:
      return 404;
    case ERROR_CODES.SESSION_NOT_ACTIVE:
      return 409;
    case ERROR_CODES.FORBIDDEN:
      return 403;
    case ERROR_CODES.UNAUTHENTICATED:
      return 401;
    default:
      return 400;
  }
}

/** Runs a core parser; its issues become one BAD_USER_INPUT error naming the first field. */
export function validated<T>(parse: (input: unknown) => T, input: unknown): T {
  try {
    return parse(input);
  } catch (error) {
    if (error instanceof ClientLoopValidationError && error.issues.length) {
      const [first] = error.issues;
      throw new SandboxError(ERROR_CODES.BAD_USER_INPUT, `${first!.path}: ${first!.message}`, first!.path, {
        issues: error.issues.map((i) => ({ field: i.path, message: i.message })),
      });
    }
    throw error;
  }
}
