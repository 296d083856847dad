/**
 * One error tree for everything the client can fail with. Each error has a stable `code`
 * and a `kind`; `ClientLoopError.isInstance(e)` (and `instanceof`) work across two copies of
 * this package (ESM and CJS loaded side by side) because they check a global-registry symbol,
 * not the prototype chain. Messages never contain the API key or request variables.
 */

const BRAND = Symbol.for("@clientloop/core/error");

export type ClientLoopErrorKind =
  | "error"
  | "authentication"
  | "validation"
  | "not_found"
  | "state"
  | "conflict"
  | "rate_limit"
  | "api"
  | "connection"
  | "timeout"
  | "signature_verification"
  | "invalid_event";

export interface ValidationIssue {
  /** Field path, e.g. `input.contactRef.contactEmail` or `input.invoiceRefs[0].lines[1].price`. */
  path: string;
  /** The rule that failed, e.g. `must be an E.164 phone number such as +14155554345`. */
  message: string;
}

export interface ClientLoopErrorOptions {
  code: string;
  statusCode?: number;
  requestId?: string;
  /** True when repeating the same request later may succeed. */
  retryable?: boolean;
  /** True when the request may have been applied although no answer was received. */
  mayHaveSucceeded?: boolean;
  operation?: string;
  /** The underlying failure (a network error), kept for debugging; never in `message` or JSON. */
  cause?: unknown;
}

export class ClientLoopError extends Error {
  static readonly kind: ClientLoopErrorKind = "error";
  readonly code: string;
  readonly statusCode: number | undefined;
  readonly requestId: string | undefined;
  readonly retryable: boolean;
  readonly mayHaveSucceeded: boolean;
  readonly operation: string | undefined;
  /** This error's kind and its ancestors' kinds, most specific first. */
  declare readonly kinds: readonly ClientLoopErrorKind[];

  constructor(message: string, options: ClientLoopErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code;
    this.statusCode = options.statusCode;
    this.requestId = options.requestId;
    this.retryable = options.retryable ?? false;
    this.mayHaveSucceeded = options.mayHaveSucceeded ?? false;
    this.operation = options.operation;
    const kinds: ClientLoopErrorKind[] = [];
    for (let c = new.target as unknown as { kind?: ClientLoopErrorKind }; c?.kind; c = Object.getPrototypeOf(c)) {
      if (!kinds.includes(c.kind)) kinds.push(c.kind);
    }
    Object.defineProperty(this, "kinds", { value: kinds, enumerable: false });
    Object.defineProperty(this, BRAND, { value: true, enumerable: false });
  }

  /** The most specific kind, a string discriminant for `switch`. */
  get kind(): ClientLoopErrorKind {
    return this.kinds[0] ?? "error";
  }

  /** Brand check that survives duplicate copies of the package. */
  static isInstance<T extends typeof ClientLoopError>(this: T, value: unknown): value is InstanceType<T> {
    if (typeof value !== "object" || value === null || (value as Record<symbol, unknown>)[BRAND] !== true) return false;
    const kinds = (value as { kinds?: readonly string[] }).kinds;
    return Array.isArray(kinds) && kinds.includes(this.kind);
  }

  static [Symbol.hasInstance](value: unknown): boolean {
    return (this as typeof ClientLoopError).isInstance(value);
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      kind: this.kind,
      code: this.code,
      message: this.message,
      statusCode: this.statusCode,
      requestId: this.requestId,
      retryable: this.retryable,
      mayHaveSucceeded: this.mayHaveSucceeded,
      operation: this.operation,
    };
  }
}

/** Missing, unknown or wrong-organization API key (401/403, UNAUTHENTICATED/FORBIDDEN). */
export class ClientLoopAuthenticationError extends ClientLoopError {
  static override readonly kind: ClientLoopErrorKind = "authentication";
}

/** Input that breaks a rule, found locally before any request or reported by the server. */
export class ClientLoopValidationError extends ClientLoopError {
  static override readonly kind: ClientLoopErrorKind = "validation";
  readonly issues: readonly ValidationIssue[];
  constructor(message: string, options: ClientLoopErrorOptions & { issues: readonly ValidationIssue[] }) {
    super(message, options);
    this.issues = options.issues;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), issues: this.issues };
  }
}

/** No such payment session (or contact) for this organization. */
export class ClientLoopNotFoundError extends ClientLoopError {
  static override readonly kind: ClientLoopErrorKind = "not_found";
}

/** The session is not in a state that allows the operation (e.g. not Active). */
export class ClientLoopStateError extends ClientLoopError {
  static override readonly kind: ClientLoopErrorKind = "state";
}

/** A conflicting request, such as an idempotency key reused with a different body. */
export class ClientLoopConflictError extends ClientLoopError {
  static override readonly kind: ClientLoopErrorKind = "conflict";
}

/** HTTP 429. `retryAfterMs` is the server's Retry-After, when it sent one. */
export class ClientLoopRateLimitError extends ClientLoopError {
  static override readonly kind: ClientLoopErrorKind = "rate_limit";
  readonly retryAfterMs: number | undefined;
  constructor(message: string, options: ClientLoopErrorOptions & { retryAfterMs?: number }) {
    super(message, { retryable: true, ...options });
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** Any other server-side failure (5xx, malformed requests, unexpected responses). */
export class ClientLoopAPIError extends ClientLoopError {
  static override readonly kind: ClientLoopErrorKind = "api";
}

/** The request could not be sent, or the connection failed before an answer. */
export class ClientLoopConnectionError extends ClientLoopError {
  static override readonly kind: ClientLoopErrorKind = "connection";
}

/** No complete answer within `timeoutMs`. */
export class ClientLoopTimeoutError extends ClientLoopConnectionError {
  static override readonly kind: ClientLoopErrorKind = "timeout";
}

/** A callback whose signature, timestamp or payload cannot be trusted. */
export class ClientLoopSignatureVerificationError extends ClientLoopError {
  static override readonly kind: ClientLoopErrorKind = "signature_verification";
}

/** A correctly signed callback whose body is not a valid ClientLoop event; `issues` name the fields. */
export class ClientLoopInvalidEventError extends ClientLoopSignatureVerificationError {
  static override readonly kind: ClientLoopErrorKind = "invalid_event";
  readonly issues: readonly ValidationIssue[];
  constructor(message: string, options: ClientLoopErrorOptions & { issues: readonly ValidationIssue[] }) {
    super(message, options);
    this.issues = options.issues;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), issues: this.issues };
  }
}
