/**
 * Verifying (and, for the sandbox and tests, producing) the events ClientLoop POSTs to a
 * session's `callbackUrl`. Scheme (docs/clientloop-contract.md): header
 * `ClientLoop-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`,
 * several v1 entries during a secret rotation, 300 s tolerance on by default at every layer.
 * Uses node:crypto only, so the n8n trigger can bundle it.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { DEFAULT_SIGNATURE_TOLERANCE_SECONDS, HEADERS, SIGNATURE_SCHEME } from "../pure/contract.js";
import {
  ClientLoopInvalidEventError,
  ClientLoopSignatureVerificationError,
  type ValidationIssue,
} from "../pure/errors.js";
import { getHeader, type HeaderBag } from "../pure/http.js";
import { eventIssues, type ClientLoopEvent } from "./event.js";

export { eventIssues, isClientLoopEvent, type ClientLoopEvent } from "./event.js";

/** A raw request body: the exact bytes received, before any JSON parsing. */
export type RawBody = string | Uint8Array;

export interface SignOptions {
  payload: RawBody;
  secret: string;
  /** Unix seconds; defaults to now. */
  timestamp?: number;
}

const bodyText = (payload: RawBody) => (typeof payload === "string" ? payload : Buffer.from(payload).toString("utf8"));

function hmacHex(secret: string, timestamp: number, payload: RawBody): string {
  return createHmac("sha256", secret).update(`${timestamp}.`).update(bodyText(payload)).digest("hex");
}

/** The `ClientLoop-Signature` header value for a payload. */
export function signPayload({ payload, secret, timestamp }: SignOptions): string {
  if (!secret) throw new TypeError("a signing secret is required");
  const t = timestamp ?? Math.floor(Date.now() / 1000);
  return `t=${t},${SIGNATURE_SCHEME}=${hmacHex(secret, t, payload)}`;
}

export interface ParsedSignatureHeader {
  timestamp: number;
  signatures: string[];
}

export function parseSignatureHeader(header: string): ParsedSignatureHeader | undefined {
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(",")) {
    const [key, value] = part.trim().split("=", 2);
    if (key === "t" && value && /^\d+$/.test(value)) timestamp = Number(value);
    else if (key === SIGNATURE_SCHEME && value && /^[0-9a-f]{64}$/i.test(value)) signatures.push(value.toLowerCase());
  }
  return timestamp === undefined || signatures.length === 0 ? undefined : { timestamp, signatures };
}

export interface VerifyOptions {
  /** The raw body exactly as received (a string or Buffer), not a parsed object. */
  payload: RawBody;
  /** The `ClientLoop-Signature` header, or all request headers. */
  header: string | HeaderBag | null | undefined;
  /** The webhook signing secret; several during a rotation. */
  secret: string | readonly string[];
  /** Maximum age (and clock skew) accepted, in seconds. Default 300; must be positive. */
  toleranceSeconds?: number;
  /** Unix seconds "now", for tests. */
  now?: number;
}

function fail(code: string, message: string): never {
  throw new ClientLoopSignatureVerificationError(message, { code });
}

/** Throws ClientLoopSignatureVerificationError unless the payload carries a valid, fresh signature. */
export function verifySignature(options: VerifyOptions): void {
  const { payload } = options;
  if (typeof payload !== "string" && !(payload instanceof Uint8Array)) {
    fail(
      "PAYLOAD_NOT_RAW",
      "The payload must be the raw request body (string or Buffer), not a parsed object: the signature covers the exact bytes",
    );
  }
  const secrets = (typeof options.secret === "string" ? [options.secret] : [...options.secret]).filter(Boolean);
  if (secrets.length === 0) fail("SECRET_MISSING", "No signing secret was configured to verify the callback with");
  const tolerance = options.toleranceSeconds ?? DEFAULT_SIGNATURE_TOLERANCE_SECONDS;
  if (!(tolerance > 0) || !Number.isFinite(tolerance))
    fail("TOLERANCE_INVALID", "toleranceSeconds must be a positive number");

  const header =
    typeof options.header === "string" ? options.header : getHeader(options.header ?? undefined, HEADERS.signature);
  if (!header) fail("SIGNATURE_MISSING", "The ClientLoop-Signature header is missing");
  const parsed = parseSignatureHeader(header);
  if (!parsed)
    fail("SIGNATURE_MALFORMED", "The ClientLoop-Signature header is malformed (expected t=<unix seconds>,v1=<hex>)");

  const now = options.now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - parsed.timestamp) > tolerance) {
    fail(
      "TIMESTAMP_OUT_OF_TOLERANCE",
      `The signature timestamp is more than ${tolerance} s from now: a replay or a wrong clock`,
    );
  }
  const matches = secrets.some((secret) => {
    const expected = Buffer.from(hmacHex(secret, parsed.timestamp, payload), "hex");
    return parsed.signatures.some((sig) => {
      const given = Buffer.from(sig, "hex");
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
  });
  if (!matches) {
    fail(
      "SIGNATURE_MISMATCH",
      "No signature matches the payload: check the signing secret and that the raw body is passed unmodified",
    );
  }
}

/**
 * Verifies the signature, then parses and checks the event: a correctly signed body that is not
 * a valid event (a 3-decimal amount, an unknown currency...) throws ClientLoopInvalidEventError,
 * whose `issues` name the fields.
 */
export function constructEvent(options: VerifyOptions): ClientLoopEvent {
  verifySignature(options);
  let event: unknown;
  try {
    event = JSON.parse(bodyText(options.payload));
  } catch {
    invalid([{ path: "event", message: "is not valid JSON" }]);
  }
  const issues = eventIssues(event);
  if (issues.length > 0) invalid(issues);
  return event as ClientLoopEvent;
}

function invalid(issues: ValidationIssue[]): never {
  const summary = issues
    .slice(0, 5)
    .map((i) => `${i.path}: ${i.message}`)
    .join("; ");
  throw new ClientLoopInvalidEventError(
    `The callback is correctly signed but is not a ClientLoop payment session event: ${summary}`,
    {
      code: "PAYLOAD_INVALID",
      issues,
    },
  );
}
