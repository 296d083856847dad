/**
 * The three mutations' business rules on validated input (core's parse functions did the
 * field rules): ownership, contacts, state, recipients, and the rules that need the stored
 * session or the sandbox clock.
 */
import {
  amountDecimals,
  ERROR_CODES,
  fitsCurrency,
  type CreatePaymentSessionInput,
  type PaymentSessionLinkChannel,
  type SendPaymentSessionLinkInput,
  type UpdatePaymentSessionInput,
} from "@clientloop/core/pure";
import type { Clock } from "../clock.js";
import { inputError, notActive, notFound, SandboxError } from "../errors.js";
import { randomId } from "../ids.js";
import type { OutboxMessage } from "../types.js";
import { contactRef, invoiceRefs } from "./normalize.js";
import type { Organization } from "./orgs.js";
import type { Outbox } from "./outbox.js";
import type { SessionRecord, SessionStore } from "./sessions.js";

/** Fields an update may clear by sending `null`. */
const CLEARABLE = new Set([
  "callbackUrl",
  "successUrl",
  "contactId",
  "contactRef",
  "transactionRef",
  "invoiceIds",
  "invoiceRefs",
  "expirationDate",
  "paymentId",
  "checkoutConfigurationId",
  "brandLogoUrl",
  "brandName",
]);

export class PaymentSessionOperations {
  constructor(
    private readonly store: SessionStore,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  checkOrg(org: Organization, orgId: string): void {
    if (orgId !== org.id) {
      throw new SandboxError(
        ERROR_CODES.FORBIDDEN,
        "input.orgId: the API key does not belong to this organization",
        "input.orgId",
      );
    }
  }

  /** A session of this organization, or NOT_FOUND (another org's session is never revealed). */
  find(org: Organization, id: string, field = "input.id"): SessionRecord {
    const record = this.store.get(id);
    if (!record || record.orgId !== org.id) throw notFound(field, "payment session");
    return record;
  }

  create(org: Organization, input: CreatePaymentSessionInput, id?: string): SessionRecord {
    this.checkOrg(org, input.orgId);
    if (input.contactId !== undefined && !org.contacts.has(input.contactId))
      throw notFound("input.contactId", "contact");
    const now = this.clock.now();
    const expiresAt = input.expirationDate !== undefined ? Date.parse(input.expirationDate) : null;
    // "in the future" is judged by the sandbox clock, which tests may have moved forward
    if (expiresAt !== null && expiresAt <= now) throw inputError("input.expirationDate", "must be in the future");
    if (id !== undefined && this.store.has(id)) throw inputError("id", "a payment session with this id already exists");
    const nowIso = new Date(now).toISOString();
    const record: SessionRecord = {
      id: id ?? this.store.newId(),
      orgId: org.id,
      status: "Active",
      amount: input.amount,
      currency: input.currency,
      callbackUrl: input.callbackUrl ?? null,
      successUrl: input.successUrl ?? null,
      contactId: input.contactId ?? null,
      contactRef: contactRef(input.contactRef),
      transactionRef: input.transactionRef ?? null,
      invoiceIds: input.invoiceIds ? [...input.invoiceIds] : null,
      invoiceRefs: invoiceRefs(input.invoiceRefs),
      expirationDate: input.expirationDate ?? null,
      expiresAt,
      paymentId: input.createPendingPayment ? randomId("pay") : null,
      createdAt: nowIso,
      updatedAt: nowIso,
      checkoutConfigurationId: input.checkoutConfigurationId ?? null,
      invoiceTotal: input.invoiceTotal ?? null,
      brandLogoUrl: input.brandLogoUrl ?? null,
      brandName: input.brandName ?? null,
    };
    this.store.insert(record);
    return record;
  }

  /** `cleared`: top-level fields the caller sent as null. */
  update(org: Organization, input: UpdatePaymentSessionInput, cleared: readonly string[] = []): SessionRecord {
    this.checkOrg(org, input.orgId);
    for (const field of cleared) {
      if (!CLEARABLE.has(field)) throw inputError(`input.${field}`, "cannot be null");
    }
    const record = this.find(org, input.id);
    if (record.status !== "Active") throw notActive(record.status);
    if (input.contactId !== undefined && !org.contacts.has(input.contactId))
      throw notFound("input.contactId", "contact");

    this.checkCurrencyFit(record, input);

    const r = record;
    if (input.amount !== undefined) r.amount = input.amount;
    if (input.currency !== undefined) r.currency = input.currency;
    if (input.callbackUrl !== undefined) r.callbackUrl = input.callbackUrl;
    if (input.successUrl !== undefined) r.successUrl = input.successUrl;
    // contactId and contactRef exclude each other: setting one replaces the other
    if (input.contactId !== undefined) [r.contactId, r.contactRef] = [input.contactId, null];
    if (input.contactRef !== undefined) [r.contactRef, r.contactId] = [contactRef(input.contactRef), null];
    if (input.transactionRef !== undefined) r.transactionRef = input.transactionRef;
    if (input.invoiceIds !== undefined) [r.invoiceIds, r.invoiceRefs] = [[...input.invoiceIds], null];
    if (input.invoiceRefs !== undefined) [r.invoiceRefs, r.invoiceIds] = [invoiceRefs(input.invoiceRefs), null];
    if (input.expirationDate !== undefined) {
      r.expirationDate = input.expirationDate;
      r.expiresAt = Date.parse(input.expirationDate);
    }
    if (input.checkoutConfigurationId !== undefined) r.checkoutConfigurationId = input.checkoutConfigurationId;
    if (input.brandLogoUrl !== undefined) r.brandLogoUrl = input.brandLogoUrl;
    if (input.brandName !== undefined) r.brandName = input.brandName;
    for (const field of cleared) {
      (r as unknown as Record<string, unknown>)[field] = null;
      if (field === "expirationDate") r.expiresAt = null;
    }
    r.updatedAt = this.clock.nowIso();

    const status = input.status;
    if (status && status !== "Active") {
      // Canceled by the merchant, Expired early, or Completed offline (paymentId may be given)
      this.store.transition(r, status, input.paymentId);
    } else {
      if (input.paymentId !== undefined) r.paymentId = input.paymentId;
      this.store.track(r); // a new expirationDate may already have passed
    }
    return r;
  }

  /**
   * Amounts must still fit the currency once the update is merged with the stored session
   * (core checks an input on its own: a new currency alone cannot be checked there).
   */
  private checkCurrencyFit(record: SessionRecord, input: UpdatePaymentSessionInput): void {
    if (input.amount === undefined && input.currency === undefined && input.invoiceRefs === undefined) return;
    const currency = input.currency ?? record.currency;
    const changed = input.currency !== undefined;
    const checks: [field: string, amount: string | null | undefined][] = [
      [input.amount !== undefined ? "input.amount" : "input.currency", input.amount ?? record.amount],
    ];
    if (changed) checks.push(["input.currency", record.invoiceTotal]);
    const refs = input.invoiceRefs ?? (changed ? record.invoiceRefs : null) ?? [];
    refs.forEach((ref, i) => {
      const own = input.invoiceRefs !== undefined;
      checks.push([own ? `input.invoiceRefs[${i}].amount` : "input.currency", ref.amount]);
      (ref.lines ?? []).forEach((l, j) =>
        checks.push([own ? `input.invoiceRefs[${i}].lines[${j}].price` : "input.currency", l.price]),
      );
    });
    for (const [field, amount] of checks) {
      if (amount && !fitsCurrency(amount, currency)) {
        throw inputError(field, `has more decimal places than ${currency} allows (${amountDecimals(currency)})`);
      }
    }
  }

  sendLink(org: Organization, input: SendPaymentSessionLinkInput): OutboxMessage {
    const record = this.find(org, input.id);
    if (record.status !== "Active") throw notActive(record.status);
    const recipient = input.to ?? this.recipientOf(record, input.channel);
    if (!recipient) {
      const what = input.channel === "Email" ? "email address" : "phone number";
      throw new SandboxError(
        ERROR_CODES.NO_RECIPIENT,
        `input.to: the session's contact has no ${what} for channel ${input.channel}; pass "to" to choose a recipient`,
        "input.to",
      );
    }
    const view = this.store.view(record);
    return this.outbox.record({
      channel: input.channel,
      recipient,
      link: view.link!,
      sessionId: record.id,
      orgId: record.orgId,
      sentAt: this.clock.nowIso(),
    });
  }

  private recipientOf(record: SessionRecord, channel: PaymentSessionLinkChannel): string | null {
    const contact = record.contactId ? this.store.contact(record.orgId, record.contactId) : null;
    if (channel === "Email") return contact?.email ?? record.contactRef?.contactEmail ?? null;
    return contact?.phone ?? record.contactRef?.contactPhone ?? null;
  }

  /** The customer paid (hosted page) or a test said so (control API). */
  complete(record: SessionRecord, paymentId?: string): SessionRecord {
    this.store.transition(record, "Completed", paymentId);
    return record;
  }

  cancel(record: SessionRecord): SessionRecord {
    this.store.transition(record, "Canceled");
    return record;
  }

  expire(record: SessionRecord): SessionRecord {
    this.store.transition(record, "Expired");
    return record;
  }
}
