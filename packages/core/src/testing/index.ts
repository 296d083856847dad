/**
 * Helpers for your own tests: a complete PaymentSession fixture, events shaped exactly like
 * ClientLoop's, and signed request bodies to POST at your callback endpoint. To run requests
 * against a ClientLoop, use `@clientloop/sandbox`.
 */
import { EVENT_STATUS, EVENT_TYPES, HEADERS, type EventType } from "../pure/contract.js";
import type { PaymentSession } from "../pure/types.js";
import { signPayload, type ClientLoopEvent } from "../webhooks/index.js";

let counter = 0;
const nextId = (prefix: string) => `${prefix}_test_${Date.now().toString(36)}${(counter++).toString(36)}`;

/** A complete, valid PaymentSession; override any field. */
export function testPaymentSession(overrides: Partial<PaymentSession> = {}): PaymentSession {
  const now = new Date().toISOString();
  const id = overrides.id ?? nextId("ps");
  return {
    id,
    orgId: "org_test",
    status: "Active",
    amount: "100.00",
    currency: "USD",
    callbackUrl: null,
    successUrl: null,
    link: `https://pay.example.test/${id}`,
    contactId: null,
    contact: null,
    contactRef: null,
    transactionRef: null,
    invoiceIds: null,
    invoiceRefs: null,
    expirationDate: null,
    paymentId: null,
    createdAt: now,
    updatedAt: now,
    checkoutConfigurationId: null,
    invoiceTotal: null,
    brandLogoUrl: null,
    brandName: null,
    ...overrides,
  };
}

export interface TestEventOptions {
  type?: EventType;
  id?: string;
  createdAt?: string;
  paymentSession?: Partial<PaymentSession>;
}

/** An event as ClientLoop sends it; the session's status and link follow the event type. */
export function createTestEvent({
  type = EVENT_TYPES.completed,
  id,
  createdAt,
  paymentSession = {},
}: TestEventOptions = {}): ClientLoopEvent {
  const status = EVENT_STATUS[type];
  const session = testPaymentSession({
    link: null,
    paymentId: status === "Completed" ? nextId("pay") : null,
    ...paymentSession,
    status,
  });
  return {
    id: id ?? nextId("evt"),
    type,
    createdAt: createdAt ?? new Date().toISOString(),
    data: { paymentSession: session },
  };
}

export interface SignedTestRequest {
  /** The exact body to send (the signature covers these bytes). */
  body: string;
  headers: Record<string, string>;
}

/** A ready-to-POST signed request for an event (or any raw body). */
export function signTestEvent(
  event: ClientLoopEvent | string,
  secret: string,
  options: { timestamp?: number } = {},
): SignedTestRequest {
  const body = typeof event === "string" ? event : JSON.stringify(event);
  const parsed = typeof event === "string" ? undefined : event;
  return {
    body,
    headers: {
      "content-type": "application/json",
      [HEADERS.signature]: signPayload({ payload: body, secret, timestamp: options.timestamp }),
      ...(parsed ? { [HEADERS.eventId]: parsed.id, [HEADERS.eventType]: parsed.type } : {}),
    },
  };
}

/** The signature header alone, e.g. to test a handler with a stale timestamp. */
export function generateTestSignatureHeader(options: { payload: string; secret: string; timestamp?: number }): string {
  return signPayload(options);
}
