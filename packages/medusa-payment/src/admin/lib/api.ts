/**
 * The plugin's Admin API, called from the dashboard with the admin's session cookie (the
 * dashboard signs in with session auth). Relative to the backend the dashboard was built for.
 */
export interface TimelineEntry {
  id: string;
  kind: "session" | "delivery" | "cancel" | "link" | "order";
  outcome: string;
  detail: string | null;
  event_id: string | null;
  created_at: string;
}

export interface VerifiedEvent {
  id: string;
  event_id: string;
  type: string;
  status: string;
  amount: string;
  currency_code: string;
  deliveries: number;
  occurred_at: string;
}

export interface Attention {
  reason: string;
  title: string;
  action: string;
}

export interface ClientLoopSession {
  id: string;
  payment_session_id: string;
  clientloop_session_id: string | null;
  clientloop_payment_id: string | null;
  status: string;
  amount: string;
  currency_code: string;
  paid_amount: string | null;
  paid_currency_code: string | null;
  cart_id: string | null;
  order_id: string | null;
  order_state: string;
  order_error: string | null;
  cancel_state: string;
  cancel_error: string | null;
  superseded_at: string | null;
  expires_at: string | null;
  created_at: string;
  payable_link: string | null;
  attention: Attention | null;
  events: VerifiedEvent[];
  timeline: TimelineEntry[];
}

export interface RejectedDelivery {
  id: string;
  payment_session_id: string | null;
  detail: string | null;
  created_at: string;
}

export interface AttentionList {
  paid_without_order: ClientLoopSession[];
  cancel_unconfirmed: ClientLoopSession[];
  rejected_deliveries: { title: string; action: string; deliveries: RejectedDelivery[] };
}

const backend = (import.meta as { env?: Record<string, string | undefined> }).env?.VITE_BACKEND_URL ?? "";

export async function adminApi<T>(path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${backend.replace(/\/$/, "")}${path}`, {
    method: body === undefined ? "GET" : "POST",
    credentials: "include",
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json().catch(() => ({}))) as { message?: string };
  if (!res.ok) throw new Error(json.message ?? `The store answered ${res.status}`);
  return json as T;
}

export const sessionsOfOrder = (orderId: string) =>
  adminApi<{ sessions: ClientLoopSession[] }>(`/admin/clientloop/sessions?order_id=${encodeURIComponent(orderId)}`);

export const sessionsOfCart = (cartId: string) =>
  adminApi<{ sessions: ClientLoopSession[] }>(`/admin/clientloop/sessions?cart_id=${encodeURIComponent(cartId)}`);

export const attentionList = () => adminApi<AttentionList>("/admin/clientloop/attention");

export const sendLink = (id: string, channel: "Email" | "Phone", to: string) =>
  adminApi<{ success: boolean; message: string | null }>(
    `/admin/clientloop/sessions/${encodeURIComponent(id)}/send-link`,
    {
      channel,
      ...(to.trim() ? { to: to.trim() } : {}),
    },
  );

export const resolveSession = (id: string, resolution: string) =>
  adminApi<{ session: ClientLoopSession }>(`/admin/clientloop/sessions/${encodeURIComponent(id)}/resolve`, {
    resolution,
  });

export const retryOrder = (id: string) =>
  adminApi<{ outcome: string; session: ClientLoopSession }>(
    `/admin/clientloop/sessions/${encodeURIComponent(id)}/retry-order`,
    {},
  );
