/**
 * One delivery attempt: the event POSTed to its callbackUrl with the contract's headers and a
 * fresh signature. Only a 2xx within the timeout acknowledges it (core's isDeliveryAcknowledged).
 */
import { HEADERS, isDeliveryAcknowledged, WEBHOOK_USER_AGENT } from "@clientloop/core/pure";
import { signPayload } from "@clientloop/core/webhooks";
import type { EventRecord } from "../types.js";

export interface PostResult {
  ok: boolean;
  /** HTTP status of the answer; absent when there was none. */
  status?: number;
  /** Why there was no answer (timeout, connection refused...). */
  error?: string;
  durationMs: number;
  signature: string;
}

export async function postEvent(
  record: EventRecord,
  secret: string,
  timeoutMs: number,
  inFlight: Set<AbortController>,
): Promise<PostResult> {
  // A fresh timestamp per attempt: receivers reject signatures older than 300 s, and a retry
  // may come hours later. Real time, not the sandbox clock (see clock.ts).
  const signature = signPayload({ payload: record.body, secret });
  const controller = new AbortController();
  inFlight.add(controller);
  const timer = setTimeout(() => controller.abort(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  const started = Date.now();
  try {
    const res = await fetch(record.callbackUrl!, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": WEBHOOK_USER_AGENT,
        [HEADERS.eventId]: record.id,
        [HEADERS.eventType]: record.type,
        [HEADERS.signature]: signature,
      },
      body: record.body,
      redirect: "manual",
      signal: controller.signal,
    });
    await res.arrayBuffer().catch(() => undefined); // the status is the answer; the body is drained
    return { ok: isDeliveryAcknowledged(res.status), status: res.status, durationMs: Date.now() - started, signature };
  } catch (error) {
    return { ok: false, error: describe(error, controller.signal), durationMs: Date.now() - started, signature };
  } finally {
    clearTimeout(timer);
    inFlight.delete(controller);
  }
}

function describe(error: unknown, signal: AbortSignal): string {
  if (signal.aborted) return signal.reason instanceof Error ? signal.reason.message : "aborted";
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}
