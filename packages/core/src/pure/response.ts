/**
 * Builds requests and reads responses of the three operations. Shared by the client (over
 * graphql-request) and the n8n node (over n8n's HTTP helper), so both map ClientLoop's answers
 * to the same errors.
 */
import { ERROR_CODES, outcomeOfStatus, type OperationName, HEADERS, type ErrorCode } from "./contract.js";
import {
  ClientLoopAPIError,
  ClientLoopAuthenticationError,
  ClientLoopConflictError,
  ClientLoopError,
  ClientLoopNotFoundError,
  ClientLoopRateLimitError,
  ClientLoopStateError,
  ClientLoopValidationError,
  type ClientLoopErrorOptions,
} from "./errors.js";
import { getHeader, parseRetryAfter, type HeaderBag } from "./http.js";
import { OPERATIONS } from "./operations.js";
import { redact } from "./redact.js";
import type { OperationSuccess, PaymentSession } from "./types.js";
import {
  parseCreatePaymentSessionInput,
  parseSendPaymentSessionLinkInput,
  parseUpdatePaymentSessionInput,
} from "./validate.js";
import type { CreatePaymentSessionInput, SendPaymentSessionLinkInput, UpdatePaymentSessionInput } from "./inputs.js";

export interface OperationTypes {
  createPaymentSession: { input: CreatePaymentSessionInput; result: PaymentSession };
  updatePaymentSession: { input: UpdatePaymentSessionInput; result: PaymentSession };
  sendPaymentSessionLink: { input: SendPaymentSessionLinkInput; result: OperationSuccess };
}

export interface GraphQLRequestBody {
  query: string;
  variables: { input: unknown };
  operationName: string;
}

const INPUT_PARSERS: { [K in OperationName]: (input: unknown) => OperationTypes[K]["input"] } = {
  createPaymentSession: parseCreatePaymentSessionInput,
  updatePaymentSession: parseUpdatePaymentSessionInput,
  sendPaymentSessionLink: parseSendPaymentSessionLinkInput,
};

/** Validates the input (throws ClientLoopValidationError) and returns the GraphQL request body. */
export function buildOperationRequest<K extends OperationName>(operation: K, input: unknown): GraphQLRequestBody {
  const { document, operationName } = OPERATIONS[operation];
  return { query: document, variables: { input: INPUT_PARSERS[operation](input) }, operationName };
}

export interface GraphQLErrorLike {
  message?: unknown;
  extensions?: { code?: unknown; field?: unknown } | null;
}

export interface ResponseLike {
  status: number;
  headers?: HeaderBag;
  /** The parsed JSON body (or the raw text when it was not JSON). */
  body: unknown;
}

export interface ErrorContext {
  /** The request's variables: their personal values are redacted from messages. */
  variables?: unknown;
  /** Secrets that must never appear in a message (the API key). */
  secrets?: readonly (string | undefined)[];
  now?: number;
}

function graphQLErrors(body: unknown): GraphQLErrorLike[] {
  const errors = (body as { errors?: unknown } | null | undefined)?.errors;
  return Array.isArray(errors) ? (errors.filter((e) => e && typeof e === "object") as GraphQLErrorLike[]) : [];
}

const codeOf = (e: GraphQLErrorLike | undefined): string | undefined =>
  typeof e?.extensions?.code === "string" ? e.extensions.code : undefined;

/** Maps a failed response to the ClientLoopError subclass its code or status calls for. */
export function errorFromResponse(
  operation: OperationName,
  response: ResponseLike,
  context: ErrorContext = {},
): ClientLoopError {
  const { status } = response;
  const requestId = getHeader(response.headers, HEADERS.requestId);
  const errors = graphQLErrors(response.body);
  const clean = (text: string) => redact(text, context.variables, context.secrets);
  const detail = errors.length
    ? errors.map((e) => (typeof e.message === "string" ? e.message : "unknown error")).join("; ")
    : `HTTP ${status}`;
  const message = clean(`ClientLoop ${operation} failed: ${detail}`);
  const code: string = codeOf(errors[0]) ?? statusCode(status);
  const outcome = outcomeOfStatus(status);
  const base: ClientLoopErrorOptions = {
    code,
    statusCode: status,
    requestId,
    operation,
    retryable: outcome !== "final",
    mayHaveSucceeded: outcome === "ambiguous",
  };

  switch (code as ErrorCode) {
    case ERROR_CODES.UNAUTHENTICATED:
    case ERROR_CODES.FORBIDDEN:
      return new ClientLoopAuthenticationError(message, { ...base, retryable: false });
    case ERROR_CODES.BAD_USER_INPUT:
    case ERROR_CODES.NO_RECIPIENT: {
      const issues = errors
        .filter((e) => codeOf(e) === code)
        .map((e) => ({
          path:
            typeof e.extensions?.field === "string"
              ? e.extensions.field
              : code === ERROR_CODES.NO_RECIPIENT
                ? "input.to"
                : "input",
          message: clean(typeof e.message === "string" ? e.message : "is invalid"),
        }));
      return new ClientLoopValidationError(message, { ...base, retryable: false, issues });
    }
    case ERROR_CODES.NOT_FOUND:
      return new ClientLoopNotFoundError(message, { ...base, retryable: false });
    case ERROR_CODES.SESSION_NOT_ACTIVE:
      return new ClientLoopStateError(message, { ...base, retryable: false });
    case ERROR_CODES.IDEMPOTENCY_KEY_REUSED:
      return new ClientLoopConflictError(message, { ...base, retryable: false });
    case ERROR_CODES.RATE_LIMITED: {
      const retryAfterMs = parseRetryAfter(getHeader(response.headers, HEADERS.retryAfter), context.now ?? Date.now());
      return new ClientLoopRateLimitError(message, { ...base, retryAfterMs });
    }
    default:
      return new ClientLoopAPIError(message, base);
  }
}

function statusCode(status: number): string {
  if (status === 401) return ERROR_CODES.UNAUTHENTICATED;
  if (status === 403) return ERROR_CODES.FORBIDDEN;
  if (status === 429) return ERROR_CODES.RATE_LIMITED;
  if (status === 503) return ERROR_CODES.SERVICE_UNAVAILABLE;
  if (status >= 500) return ERROR_CODES.INTERNAL_SERVER_ERROR;
  return `HTTP_${status}`;
}

/** Returns the operation's result from a response, or throws the matching ClientLoopError. */
export function parseOperationResponse<K extends OperationName>(
  operation: K,
  response: ResponseLike,
  context: ErrorContext = {},
): OperationTypes[K]["result"] {
  const data = (response.body as { data?: Record<string, unknown> | null } | null | undefined)?.data;
  const result = data?.[OPERATIONS[operation].field];
  const ok = response.status >= 200 && response.status < 300;
  if (ok && graphQLErrors(response.body).length === 0 && result && typeof result === "object") {
    return result as OperationTypes[K]["result"];
  }
  if (ok && graphQLErrors(response.body).length === 0) unexpected(operation, response);
  throw errorFromResponse(operation, response, context);
}

function unexpected(operation: OperationName, response: ResponseLike): never {
  throw new ClientLoopAPIError(`ClientLoop ${operation} returned an unexpected response (no result and no error)`, {
    code: "UNEXPECTED_RESPONSE",
    statusCode: response.status,
    requestId: getHeader(response.headers, HEADERS.requestId),
    operation,
    mayHaveSucceeded: true,
  });
}
