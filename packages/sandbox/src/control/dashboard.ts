/** `GET /_sandbox/`: sessions, outbox and events at a glance. No keys or secrets are shown. */
import type { PaymentSession } from "@clientloop/core/pure";
import { esc, page } from "../html.js";
import type { EventRecord, OutboxMessage } from "../types.js";

const LIMIT = 100;

function newest<T>(items: T[]): T[] {
  return items.slice(-LIMIT).reverse();
}

/** One event: its delivery, and a Resend button (a plain form: the page carries no script). */
function eventRow(e: EventRecord): string {
  const last = e.attempts.at(-1);
  const resend = e.callbackUrl
    ? `<form method="post" action="/_sandbox/events/${encodeURIComponent(e.id)}/resend"><button type="submit" data-testid="resend">Resend</button></form>`
    : "";
  return (
    `<tr data-testid="event-row" id="${esc(e.id)}"><td>${esc(e.createdAt)}</td><td>${esc(e.type)}</td><td><code>${esc(e.sessionId)}</code></td>` +
    `<td data-testid="delivery-status">${esc(e.deliveryStatus)}</td><td class="num">${e.attempts.length}</td><td>${last ? esc(last.status ?? last.error) : ""}</td>` +
    `<td>${esc(e.nextAttemptAt)}</td><td class="url">${esc(e.callbackUrl)}</td><td>${resend}</td></tr>`
  );
}

export function dashboardPage(data: {
  sessions: PaymentSession[];
  outbox: OutboxMessage[];
  events: EventRecord[];
  orgs: { id: string; name: string }[];
  now: Date;
}): string {
  const sessions = newest(data.sessions)
    .map(
      (s) =>
        `<tr data-testid="session-row"><td><code>${esc(s.id)}</code></td><td>${esc(s.orgId)}</td><td><span class="status">${esc(s.status)}</span></td>` +
        `<td class="num">${esc(s.amount)} ${esc(s.currency)}</td><td>${esc(s.transactionRef)}</td><td>${esc(s.updatedAt)}</td>` +
        `<td>${s.link ? `<a href="/pay/${encodeURIComponent(s.id)}">open page</a>` : ""}</td></tr>`,
    )
    .join("");
  const outbox = newest(data.outbox)
    .map(
      (m) =>
        `<tr data-testid="outbox-row"><td>${esc(m.sentAt)}</td><td>${esc(m.channel)}</td><td>${esc(m.recipient)}</td><td><code>${esc(m.sessionId)}</code></td><td><a href="${esc(m.link)}">${esc(m.link)}</a></td></tr>`,
    )
    .join("");
  const events = newest(data.events).map(eventRow).join("");
  return page(
    "ClientLoop sandbox",
    `<main class="wide">
<h1>ClientLoop sandbox</h1>
<p class="muted">Sandbox time ${esc(data.now.toISOString())} · organizations: ${data.orgs.map((o) => `${esc(o.name)} (<code>${esc(o.id)}</code>)`).join(", ")} · JSON: <a href="/_sandbox/sessions">sessions</a>, <a href="/_sandbox/outbox">outbox</a>, <a href="/_sandbox/events">events</a>, <a href="/_sandbox/requests">requests</a></p>
<h2>Sessions (${data.sessions.length})</h2>
<table><thead><tr><th>id</th><th>org</th><th>status</th><th>amount</th><th>transactionRef</th><th>updated</th><th></th></tr></thead><tbody>${sessions || `<tr><td colspan="7" class="muted">none yet</td></tr>`}</tbody></table>
<h2>Outbox (${data.outbox.length})</h2>
<table><thead><tr><th>sent</th><th>channel</th><th>to</th><th>session</th><th>link</th></tr></thead><tbody>${outbox || `<tr><td colspan="5" class="muted">nothing sent</td></tr>`}</tbody></table>
<h2>Events (${data.events.length})</h2>
<table><thead><tr><th>created</th><th>type</th><th>session</th><th>delivery</th><th>attempts</th><th>last answer</th><th>next attempt</th><th>callbackUrl</th><th></th></tr></thead><tbody>${events || `<tr><td colspan="9" class="muted">no events</td></tr>`}</tbody></table>
</main>`,
  );
}
