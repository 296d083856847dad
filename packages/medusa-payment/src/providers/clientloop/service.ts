/**
 * The ClientLoop payment provider: hosted checkout. The customer pays on ClientLoop's page
 * (`data.link`), ClientLoop POSTs a signed event to the session's callback URL (our plugin route
 * `/hooks/clientloop`), the route records it in the session data with a proof, and the cart is
 * completed. ClientLoop has no read, capture or refund API: everything the provider knows about
 * a session's outcome comes from verified events.
 */
import { ClientLoop, ClientLoopError, amountToMajor, type PaymentSession } from "@clientloop/core";
import { constructEvent, parseSignatureHeader } from "@clientloop/core/webhooks";
import { AbstractPaymentProvider, MedusaError, PaymentActions, PaymentSessionStatus } from "@medusajs/framework/utils";
import type {
  AuthorizePaymentInput,
  AuthorizePaymentOutput,
  CancelPaymentInput,
  CancelPaymentOutput,
  CapturePaymentInput,
  CapturePaymentOutput,
  CreateAccountHolderInput,
  CreateAccountHolderOutput,
  DeleteAccountHolderInput,
  DeleteAccountHolderOutput,
  DeletePaymentInput,
  DeletePaymentOutput,
  GetPaymentStatusInput,
  GetPaymentStatusOutput,
  InitiatePaymentInput,
  InitiatePaymentOutput,
  ProviderWebhookPayload,
  RefundPaymentInput,
  RefundPaymentOutput,
  RetrievePaymentInput,
  RetrievePaymentOutput,
  UpdateAccountHolderInput,
  UpdateAccountHolderOutput,
  UpdatePaymentInput,
  UpdatePaymentOutput,
  WebhookActionResult,
} from "@medusajs/framework/types";
import { AmountError, buildContactRef, callbackUrlFor, clientLoopAmount, ContactError, expirationDate, successUrlFor, type MedusaCustomer } from "../../lib/mapping.js";
import { resolveOptions, validateOptions, type ClientLoopProviderOptions, type ResolvedOptions } from "../../lib/options.js";
import { digest, signRecord, verifiedRecord, verifyCallbackToken, type VerifiedRecord } from "../../lib/security.js";
import { readSessionData, withOnlyAllowedKeys, type ClientLoopSessionData } from "../../lib/session-data.js";
import { isClientLoopStatus, isFinal, toSessionStatus, toWebhookAction } from "../../lib/status.js";
import { pluginVersion } from "../../lib/version.js";

/** Synthetic headers our callback route adds from the callback URL's query string. */
export const SESSION_ID_HEADER = "x-clientloop-medusa-session-id";
export const TOKEN_HEADER = "x-clientloop-medusa-token";

type Logger = { info(m: string): void; warn(m: string): void; error(m: string, e?: unknown): void; debug?(m: string): void };
type Data = Record<string, unknown>;

/** A failed callback verification: the route answers 400 and changes nothing. */
export class ClientLoopCallbackError extends MedusaError {
  constructor(message: string) {
    super(MedusaError.Types.INVALID_DATA, message);
    this.name = "ClientLoopCallbackError";
  }
}

/** Translates a ClientLoop failure into a Medusa error the shopper (or admin) can act on. No secrets, no input values. */
export function toMedusaError(error: unknown, doing: string): MedusaError {
  if (error instanceof MedusaError) return error;
  if (error instanceof AmountError || error instanceof ContactError) return new MedusaError(MedusaError.Types.INVALID_DATA, error.message);
  if (ClientLoopError.isInstance(error)) {
    const e = error as ClientLoopError & { issues?: { path: string; message: string }[] };
    switch (e.kind) {
      case "validation": {
        const issues = (e.issues ?? []).map((i) => `${i.path}: ${i.message}`).join("; ");
        return new MedusaError(MedusaError.Types.INVALID_DATA, `ClientLoop rejected the data to ${doing}${issues ? `: ${issues}` : `: ${e.message}`}`);
      }
      case "state":
        return new MedusaError(MedusaError.Types.NOT_ALLOWED, `Could not ${doing}: the ClientLoop payment session is no longer active (paid, expired or canceled). Start a new payment session.`);
      case "not_found":
        return new MedusaError(MedusaError.Types.NOT_FOUND, `Could not ${doing}: ClientLoop does not know this payment session.`);
      case "authentication":
        return new MedusaError(MedusaError.Types.UNEXPECTED_STATE, `Could not ${doing}: ClientLoop rejected the store's credentials. The store owner must check the ClientLoop API key and organization id.`);
      default: {
        const maybe = e.mayHaveSucceeded ? " If a payment link was created it will expire unused." : "";
        return new MedusaError(
          MedusaError.Types.UNEXPECTED_STATE,
          `ClientLoop is unavailable right now (${e.code}), so we could not ${doing}. No payment was taken; please try again in a moment.${maybe}`,
        );
      }
    }
  }
  return new MedusaError(MedusaError.Types.UNEXPECTED_STATE, `Could not ${doing}: ${(error as Error)?.message ?? "unknown error"}`);
}

const headerValue = (headers: Record<string, unknown> | undefined, name: string): string | undefined => {
  if (!headers) return undefined;
  const v = headers[name] ?? headers[name.toLowerCase()];
  return Array.isArray(v) ? (v[0] as string) : typeof v === "string" ? v : undefined;
};

export class ClientLoopProviderService extends AbstractPaymentProvider<ClientLoopProviderOptions> {
  static identifier = "clientloop";

  static validateOptions(options: Record<string, unknown>): void {
    validateOptions(options);
  }

  protected readonly options_: ResolvedOptions;
  protected readonly client_: ClientLoop;
  protected readonly logger_: Logger;

  constructor(cradle: Record<string, unknown>, options: ClientLoopProviderOptions) {
    super(cradle, options);
    this.options_ = resolveOptions(options);
    this.logger_ = (cradle.logger as Logger | undefined) ?? console;
    this.client_ = new ClientLoop({
      apiKey: this.options_.apiKey,
      baseUrl: this.options_.baseUrl,
      timeoutMs: this.options_.timeoutMs,
      maxRetries: this.options_.maxRetries,
      appInfo: { name: "clientloop-medusa-payment", version: pluginVersion() },
    });
  }

  /** Resolved options, for the plugin's routes (never serialised to a response). */
  get resolvedOptions(): ResolvedOptions {
    return this.options_;
  }

  protected get signingSecret(): string {
    return this.options_.signingSecrets[0]!;
  }

  /** The stored data's verified ClientLoop record, or undefined (unverified data is ignored). */
  verifiedRecordOf(data: Data | undefined): VerifiedRecord | undefined {
    const d = readSessionData(data);
    const record = verifiedRecord(d.session_id, d.clientloop, this.options_.signingSecrets);
    if (!record) return undefined;
    // The record must be about this ClientLoop session, amount and currency.
    if (record.clientloop_session_id !== d.clientloop_session_id || record.amount !== d.amount || record.currency !== d.currency) return undefined;
    return record;
  }

  /** Session data with only our fields; an unverifiable `clientloop` record is replaced by null. */
  protected cleanData(data: Data | undefined, patch: Partial<ClientLoopSessionData> = {}): Data {
    const current = readSessionData(data);
    const record = this.verifiedRecordOf(data) ?? null;
    return withOnlyAllowedKeys(data, { ...current, clientloop: record, ...patch } as ClientLoopSessionData);
  }

  async initiatePayment(input: InitiatePaymentInput): Promise<InitiatePaymentOutput> {
    const data = (input.data ?? {}) as Data;
    const sessionId = data.session_id;
    if (typeof sessionId !== "string" || !sessionId) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "ClientLoop: the Payment Module did not pass a session_id");
    }
    try {
      const { amount, currency } = clientLoopAmount(input.amount, input.currency_code);
      const customer = input.context?.customer as MedusaCustomer | undefined;
      const contactRef = buildContactRef(customer, data);
      const session = await this.client_.paymentSessions.create(
        {
          orgId: this.options_.orgId,
          amount,
          currency,
          transactionRef: sessionId,
          expirationDate: expirationDate(Date.now(), this.options_.expiresInMinutes),
          successUrl: successUrlFor(this.options_.successUrl, data.cart_id),
          callbackUrl: callbackUrlFor(this.options_.callbackBaseUrl, sessionId, this.signingSecret),
          ...(contactRef ? { contactRef } : {}),
          ...(this.options_.brandName ? { brandName: this.options_.brandName } : {}),
          ...(this.options_.brandLogoUrl ? { brandLogoUrl: this.options_.brandLogoUrl } : {}),
          ...(this.options_.checkoutConfigurationId ? { checkoutConfigurationId: this.options_.checkoutConfigurationId } : {}),
        } as Parameters<ClientLoop["paymentSessions"]["create"]>[0],
        { idempotencyKey: input.context?.idempotency_key ?? sessionId },
      );
      return {
        id: session.id,
        status: PaymentSessionStatus.PENDING,
        data: withOnlyAllowedKeys(data, {
          session_id: sessionId,
          clientloop_session_id: session.id,
          link: session.link ?? null,
          expires_at: session.expirationDate ?? null,
          amount: session.amount,
          currency: session.currency,
          contact_digest: digest(contactRef, this.signingSecret),
          clientloop: null,
        }),
      };
    } catch (error) {
      const e = toMedusaError(error, "start the ClientLoop payment");
      this.logger_.warn(`ClientLoop: initiatePayment failed for ${sessionId}: ${e.message}`);
      throw e;
    }
  }

  async updatePayment(input: UpdatePaymentInput): Promise<UpdatePaymentOutput> {
    const data = (input.data ?? {}) as Data;
    const current = readSessionData(data);
    const record = this.verifiedRecordOf(data);
    if (record && isFinal(record.status)) {
      // Paid, expired or canceled at ClientLoop: nothing can change there any more.
      return { data: this.cleanData(data), status: toSessionStatus(record.status) };
    }
    if (!current.clientloop_session_id || !current.session_id) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "ClientLoop: this payment session has no ClientLoop session to update");
    }
    try {
      const { amount, currency } = clientLoopAmount(input.amount, input.currency_code);
      const contactRef = buildContactRef(input.context?.customer as MedusaCustomer | undefined, data);
      const contactDigest = digest(contactRef, this.signingSecret);
      const changes: Record<string, unknown> = {};
      if (amount !== current.amount || currency !== current.currency) Object.assign(changes, { amount, currency });
      if (contactRef && contactDigest !== current.contact_digest) changes.contactRef = contactRef;
      if (Object.keys(changes).length === 0) return { data: this.cleanData(data) };
      const session = await this.client_.paymentSessions.update({ orgId: this.options_.orgId, id: current.clientloop_session_id, ...changes } as Parameters<
        ClientLoop["paymentSessions"]["update"]
      >[0]);
      return {
        data: this.cleanData(data, {
          amount: session.amount,
          currency: session.currency,
          link: session.link ?? current.link ?? null,
          contact_digest: changes.contactRef ? contactDigest : current.contact_digest ?? contactDigest,
        }),
        status: PaymentSessionStatus.PENDING,
      };
    } catch (error) {
      throw toMedusaError(error, "update the ClientLoop payment");
    }
  }

  /** Only a verified Completed event authorizes (and captures): shopper-written data cannot. */
  async authorizePayment(input: AuthorizePaymentInput): Promise<AuthorizePaymentOutput> {
    return this.getPaymentStatus(input);
  }

  async getPaymentStatus(input: GetPaymentStatusInput): Promise<GetPaymentStatusOutput> {
    const data = (input.data ?? {}) as Data;
    const record = this.verifiedRecordOf(data);
    const status = record ? toSessionStatus(record.status) : PaymentSessionStatus.PENDING;
    return { status: status as PaymentSessionStatus, data: this.cleanData(data) };
  }

  /** ClientLoop captures on its hosted page: a Completed session is already captured. */
  async capturePayment(input: CapturePaymentInput): Promise<CapturePaymentOutput> {
    return { data: (input.data ?? {}) as Data };
  }

  async refundPayment(input: RefundPaymentInput): Promise<RefundPaymentOutput> {
    if (this.options_.refundMode === "manual") {
      this.logger_.info("ClientLoop: refund recorded in Medusa only (refundMode: manual); make sure it was refunded in the ClientLoop dashboard");
      return { data: (input.data ?? {}) as Data };
    }
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      "ClientLoop has no refund API: refund this payment in the ClientLoop dashboard. To record refunds made there in Medusa, set the provider option refundMode: \"manual\".",
    );
  }

  /** Cancels the ClientLoop session while it is still Active, so its link can no longer be paid. */
  async cancelPayment(input: CancelPaymentInput): Promise<CancelPaymentOutput> {
    await this.cancelRemote((input.data ?? {}) as Data, "cancel");
    return { data: (input.data ?? {}) as Data };
  }

  /**
   * Medusa deletes sessions whenever the cart total changes; the old link must not stay payable.
   * Best effort, never throws (Medusa logs and ignores provider delete errors anyway).
   */
  async deletePayment(input: DeletePaymentInput): Promise<DeletePaymentOutput> {
    await this.cancelRemote((input.data ?? {}) as Data, "delete");
    return { data: (input.data ?? {}) as Data };
  }

  protected async cancelRemote(data: Data, why: string): Promise<void> {
    const current = readSessionData(data);
    const record = this.verifiedRecordOf(data);
    if (!current.clientloop_session_id || (record && isFinal(record.status))) return;
    try {
      await this.client_.paymentSessions.update({ orgId: this.options_.orgId, id: current.clientloop_session_id, status: "Canceled" });
    } catch (error) {
      if (ClientLoopError.isInstance(error) && (error.kind === "state" || error.kind === "not_found")) return;
      this.logger_.warn(
        `ClientLoop: could not cancel session ${current.clientloop_session_id} on ${why} (${(error as { code?: string }).code ?? "error"}); its link stays payable until ${current.expires_at ?? "it expires"}`,
      );
    }
  }

  /** No read API: the stored (verified) data is all there is. */
  async retrievePayment(input: RetrievePaymentInput): Promise<RetrievePaymentOutput> {
    return { data: this.cleanData((input.data ?? {}) as Data) };
  }

  async createAccountHolder(input: CreateAccountHolderInput): Promise<CreateAccountHolderOutput> {
    return { id: input.context.customer.id, data: {} };
  }

  async updateAccountHolder(_input: UpdateAccountHolderInput): Promise<UpdateAccountHolderOutput> {
    return { data: {} };
  }

  async deleteAccountHolder(_input: DeleteAccountHolderInput): Promise<DeleteAccountHolderOutput> {
    return { data: {} };
  }

  /**
   * Verifies a callback (ClientLoop signature + the per-session token our route copies from the
   * callback URL + the event being about that session) and maps it. Throws on anything
   * unverified. `data.clientloop` carries the record (with its proof) for the route to store.
   */
  async getWebhookActionAndData(payload: ProviderWebhookPayload["payload"]): Promise<WebhookActionResult> {
    const headers = (payload.headers ?? {}) as Record<string, unknown>;
    const sessionId = headerValue(headers, SESSION_ID_HEADER);
    if (!verifyCallbackToken(sessionId, headerValue(headers, TOKEN_HEADER), this.options_.signingSecrets)) {
      throw new ClientLoopCallbackError("ClientLoop callback rejected: missing or invalid session token");
    }
    const raw = payload.rawData as unknown;
    if (typeof raw !== "string" && !(raw instanceof Uint8Array)) throw new ClientLoopCallbackError("ClientLoop callback rejected: no raw body");
    const signature = headerValue(headers, "clientloop-signature");
    let event;
    try {
      event = constructEvent({ payload: raw, header: signature, secret: this.options_.signingSecrets });
    } catch (error) {
      throw new ClientLoopCallbackError(`ClientLoop callback rejected: ${(error as { code?: string }).code ?? "invalid signature"}`);
    }
    const ps: PaymentSession = event.data.paymentSession;
    if (ps.transactionRef !== sessionId || ps.orgId !== this.options_.orgId) {
      throw new ClientLoopCallbackError("ClientLoop callback rejected: the event is about another payment session");
    }
    if (!isClientLoopStatus(ps.status)) throw new ClientLoopCallbackError("ClientLoop callback rejected: unknown status");
    const record = signRecord(
      sessionId!,
      {
        event_id: event.id,
        signed_at: parseSignatureHeader(signature!)!.timestamp, // verified just above
        status: ps.status,
        clientloop_session_id: ps.id,
        payment_id: ps.paymentId ?? null,
        amount: ps.amount,
        currency: ps.currency,
      },
      this.signingSecret,
    );
    const action = toWebhookAction(ps.status) as PaymentActions;
    return {
      action: ps.status === "Active" ? PaymentActions.NOT_SUPPORTED : action,
      data: {
        session_id: sessionId!,
        amount: amountToMajor(ps.amount, ps.currency),
        // Not part of Medusa's type: read by our callback route.
        ...({ clientloop: record } as object),
      },
    };
  }

  /** (Re)sends the pay link by email or SMS (store and admin routes). */
  async sendLink(data: Data, channel: "Email" | "Phone", to?: string): Promise<{ success: boolean; message: string | null }> {
    const current = readSessionData(data);
    const record = this.verifiedRecordOf(data);
    if (!current.clientloop_session_id) throw new MedusaError(MedusaError.Types.NOT_FOUND, "This payment session has no ClientLoop payment link");
    if (record && isFinal(record.status)) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, "This ClientLoop payment session is no longer active (paid, expired or canceled)");
    }
    try {
      const r = await this.client_.paymentSessions.sendLink({ id: current.clientloop_session_id, channel, ...(to ? { to } : {}) });
      return { success: r.success, message: r.message ?? null };
    } catch (error) {
      if (ClientLoopError.isInstance(error) && error.code === "NO_RECIPIENT") {
        throw new MedusaError(MedusaError.Types.INVALID_DATA, `No ${channel === "Email" ? "email address" : "phone number"} is known for this payment; provide one`);
      }
      throw toMedusaError(error, "send the payment link");
    }
  }
}

export default ClientLoopProviderService;
