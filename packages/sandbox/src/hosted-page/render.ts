/** The customer's payment page and its end states. Every value is escaped. */
import type { PaymentSession } from "@clientloop/core/pure";
import { esc, page, safeUrl } from "../html.js";

function brand(session: PaymentSession, orgName: string): string {
  const name = session.brandName ?? orgName;
  const logo = safeUrl(session.brandLogoUrl);
  return `<header class="brand">${logo ? `<img src="${logo}" alt="${esc(name)} logo">` : ""}<strong data-testid="brand-name">${esc(name)}</strong></header>`;
}

function lines(session: PaymentSession): string {
  const rows: string[] = [];
  for (const ref of session.invoiceRefs ?? []) {
    const label = ref.invoiceNumber ?? ref.invoiceId ?? ref.orderId;
    if (label)
      rows.push(
        `<tr><th colspan="3">Invoice ${esc(label)}${ref.amount ? ` — ${esc(ref.amount)} ${esc(session.currency)}` : ""}</th></tr>`,
      );
    for (const l of ref.lines ?? []) {
      const name = l.productName ?? l.productSku ?? l.productId ?? `Item ${l.num}`;
      rows.push(
        `<tr data-testid="line"><td>${esc(name)}${l.productDescription ? `<div class="muted">${esc(l.productDescription)}</div>` : ""}</td>` +
          `<td class="num">${l.quantity !== null ? `× ${esc(l.quantity)}` : ""}</td>` +
          `<td class="num">${l.price !== null ? `${esc(l.price)} ${esc(session.currency)}` : ""}</td></tr>`,
      );
    }
  }
  for (const id of session.invoiceIds ?? []) rows.push(`<tr><td colspan="3">Invoice ${esc(id)}</td></tr>`);
  return rows.length ? `<table aria-label="Invoice lines"><tbody>${rows.join("")}</tbody></table>` : "";
}

function customer(session: PaymentSession): string {
  const name =
    session.contact?.name ??
    session.contactRef?.contactName ??
    ([session.contactRef?.contactFirstName, session.contactRef?.contactLastName].filter(Boolean).join(" ") || null);
  return name ? `<p class="muted">For ${esc(name)}</p>` : "";
}

export function paymentPage(session: PaymentSession, orgName: string): string {
  const base = `/pay/${encodeURIComponent(session.id)}`;
  return page(
    `Pay ${session.amount} ${session.currency} — ${session.brandName ?? orgName}`,
    `<main>
${brand(session, orgName)}
<div class="muted">Amount due</div>
<div class="amount" data-testid="amount">${esc(session.amount)} <span data-testid="currency">${esc(session.currency)}</span></div>
${customer(session)}
${session.transactionRef ? `<p class="muted">Reference ${esc(session.transactionRef)}</p>` : ""}
${lines(session)}
<div class="actions">
  <form method="post" action="${esc(base)}/cancel"><button type="submit" name="action" value="cancel">Cancel</button></form>
  <form method="post" action="${esc(base)}/pay" style="flex:1;display:flex"><button class="pay" type="submit" name="action" value="pay">Pay ${esc(session.amount)} ${esc(session.currency)}</button></form>
</div>
<p class="muted">ClientLoop sandbox — no money moves.</p>
</main>`,
  );
}

const END_STATES: Record<string, { title: string; text: string; bad: boolean }> = {
  Completed: { title: "Payment complete", text: "Thank you, your payment was received.", bad: false },
  Canceled: { title: "Payment canceled", text: "This payment was canceled. You have not been charged.", bad: true },
  Expired: {
    title: "Payment link expired",
    text: "This payment link has expired. Ask the merchant for a new one.",
    bad: true,
  },
};

export function endStatePage(session: PaymentSession, orgName: string): string {
  const s = END_STATES[session.status] ?? { title: session.status, text: "", bad: true };
  return page(
    s.title,
    `<main>
${brand(session, orgName)}
<div class="banner${s.bad ? " bad" : ""}" data-testid="end-state" data-status="${esc(session.status)}">
<h1>${esc(s.title)}</h1>
<p>${esc(s.text)}</p>
<p class="muted">${esc(session.amount)} ${esc(session.currency)}${session.paymentId && session.status === "Completed" ? ` — payment <code>${esc(session.paymentId)}</code>` : ""}</p>
</div>
</main>`,
  );
}

export function notFoundPage(): string {
  return page(
    "Payment link not found",
    `<main><div class="banner bad" data-testid="end-state" data-status="NotFound"><h1>Payment link not found</h1><p>This payment link does not exist. Check the link or ask the merchant for a new one.</p></div></main>`,
  );
}
