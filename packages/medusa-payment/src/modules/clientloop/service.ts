/**
 * The plugin's ClientLoop module: the one ClientLoop client of the process and the server-side
 * ledger of every ClientLoop session the store created, every verified event and delivery,
 * every cancel and link send. The payment provider (through the payment module's
 * `dependencies`), the routes, the subscriber, the job and the workflow all go through it.
 */
import { ClientLoop, ClientLoopError, type PaymentSession } from "@clientloop/core";
import type { Logger } from "@medusajs/framework/types";
import { ContainerRegistrationKeys, MedusaError, MedusaService } from "@medusajs/framework/utils";
import { nextCancelAttemptAt } from "../../lib/backoff";
import { verifyDelivery, type CallbackInput } from "../../lib/callback";
import { callbackUrlFor, expirationDate, successUrlFor, type ContactRefInput } from "../../lib/mapping";
import { resolveOptions, type ClientLoopPluginOptions, type ResolvedOptions } from "../../lib/options";
import { fingerprint, maskRecipient } from "../../lib/security";
import { toMedusaError } from "../../lib/errors";
import { pluginVersion } from "../../lib/version";
import ClientLoopActivity from "./models/clientloop-activity";
import ClientLoopEvent from "./models/clientloop-event";
import ClientLoopSession from "./models/clientloop-session";
import { LedgerStore, type DeliveryRecord, type LedgerSession } from "./ledger-store";

export interface StartPaymentInput {
  paymentSessionId: string;
  cartId: string;
  amount: string;
  currency: string;
  contactRef?: ContactRefInput;
}

export type DeliveryOutcome =
  { status: 400; message: string } | { status: 200; record: DeliveryRecord; message: string };

export type LinkChannel = "Email" | "Phone";

class ClientLoopModuleService extends MedusaService({ ClientLoopSession, ClientLoopEvent, ClientLoopActivity }) {
  readonly options: ResolvedOptions;
  readonly ledger: LedgerStore;
  protected readonly client_: ClientLoop;
  protected readonly logger_: Logger;

  constructor(cradle: Record<string, unknown>, options: ClientLoopPluginOptions) {
    // eslint-disable-next-line prefer-rest-params
    super(...(arguments as unknown as [Record<string, unknown>]));
    this.options = resolveOptions(options);
    this.logger_ = cradle.logger as Logger;
    // the module's own database connection (knex), as Medusa registers it for every module with models
    this.ledger = new LedgerStore(
      cradle[ContainerRegistrationKeys.PG_CONNECTION] as ConstructorParameters<typeof LedgerStore>[0],
    );
    this.client_ = new ClientLoop({
      apiKey: this.options.apiKey,
      baseUrl: this.options.baseUrl,
      timeoutMs: this.options.timeoutMs,
      maxRetries: this.options.maxRetries,
      appInfo: { name: "clientloop-medusa-payment", version: pluginVersion() },
    });
  }

  protected get signingSecret(): string {
    return this.options.signingSecrets[0]!;
  }

  /**
   * Creates the ClientLoop session for a Medusa payment session, recording it in the ledger
   * before and after the call (so a session ClientLoop created is never unknown to the store).
   */
  async startPayment(
    input: StartPaymentInput,
  ): Promise<{ clientloopSessionId: string; link: string | null; expiresAt: string | null }> {
    const { paymentSessionId } = input;
    await this.ledger.startSession({
      payment_session_id: paymentSessionId,
      amount: input.amount,
      currency_code: input.currency,
    });
    let session: PaymentSession;
    try {
      session = await this.client_.paymentSessions.create(
        {
          orgId: this.options.orgId,
          amount: input.amount,
          currency: input.currency,
          transactionRef: paymentSessionId,
          expirationDate: expirationDate(Date.now(), this.options.expiresInMinutes),
          successUrl: successUrlFor(this.options.successUrl, input.cartId),
          callbackUrl: callbackUrlFor(this.options.callbackBaseUrl, paymentSessionId, this.signingSecret),
          ...(input.contactRef ? { contactRef: input.contactRef } : {}),
          ...(this.options.brandName ? { brandName: this.options.brandName } : {}),
          ...(this.options.brandLogoUrl ? { brandLogoUrl: this.options.brandLogoUrl } : {}),
          ...(this.options.checkoutConfigurationId
            ? { checkoutConfigurationId: this.options.checkoutConfigurationId }
            : {}),
        } as Parameters<ClientLoop["paymentSessions"]["create"]>[0],
        { idempotencyKey: paymentSessionId },
      );
    } catch (error) {
      await this.ledger.dropCreating(paymentSessionId);
      const e = toMedusaError(error, "start the ClientLoop payment");
      await this.ledger.log({
        kind: "session",
        outcome: "failed",
        payment_session_id: paymentSessionId,
        detail: e.message,
      });
      throw e;
    }
    await this.ledger.activateSession(paymentSessionId, {
      clientloop_session_id: session.id,
      link: session.link ?? null,
      expires_at: session.expirationDate ? new Date(session.expirationDate) : null,
    });
    await this.ledger.log({
      kind: "session",
      outcome: "created",
      payment_session_id: paymentSessionId,
      clientloop_session_id: session.id,
      detail: `${session.amount} ${session.currency}`,
    });
    return { clientloopSessionId: session.id, link: session.link ?? null, expiresAt: session.expirationDate ?? null };
  }

  /** Amount changes while the session is Active (Medusa rarely calls this: it replaces sessions instead). */
  async updateAmount(row: LedgerSession, amount: string, currency: string): Promise<void> {
    if (row.amount === amount && row.currency_code === currency) return;
    if (row.status !== "Active" || !row.clientloop_session_id) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        "This ClientLoop payment can no longer be changed (paid, expired or canceled). Start a new payment session.",
      );
    }
    try {
      await this.client_.paymentSessions.update({
        orgId: this.options.orgId,
        id: row.clientloop_session_id,
        amount,
        currency,
      } as Parameters<ClientLoop["paymentSessions"]["update"]>[0]);
    } catch (error) {
      throw toMedusaError(error, "update the ClientLoop payment");
    }
    await this.ledger.updateAmount(row.payment_session_id, amount, currency);
  }

  /**
   * Medusa deleted the payment session (the cart changed, or a new session replaced it): its
   * link must not be paid. Cancels it at ClientLoop now; a failure is retried by the job until
   * ClientLoop confirms or the link expires. `link` must match the ledger's, so session data
   * written by a shopper cannot cancel somebody else's payment.
   */
  async supersede(paymentSessionId: string, link: unknown): Promise<void> {
    const row = await this.ledger.bySessionId(paymentSessionId);
    if (!row || (row.link !== null && row.link !== link)) return;
    const superseded = await this.ledger.markSuperseded(paymentSessionId);
    if (superseded?.cancel_state === "pending") await this.cancel(superseded);
  }

  /** One cancel attempt at ClientLoop, recorded. Never throws. */
  async cancel(row: LedgerSession): Promise<void> {
    if (!row.clientloop_session_id) {
      await this.ledger.cancelConfirmed(row.id, "not_needed");
      return;
    }
    const base = {
      kind: "cancel" as const,
      payment_session_id: row.payment_session_id,
      clientloop_session_id: row.clientloop_session_id,
    };
    try {
      await this.client_.paymentSessions.update({
        orgId: this.options.orgId,
        id: row.clientloop_session_id,
        status: "Canceled",
      });
      await this.ledger.cancelConfirmed(row.id, "confirmed", {
        ...base,
        outcome: "confirmed",
        detail: "canceled at ClientLoop: the link can no longer be paid",
      });
    } catch (error) {
      if (ClientLoopError.isInstance(error) && (error.kind === "state" || error.kind === "not_found")) {
        // Already paid, expired or canceled: the event tells the store which.
        await this.ledger.cancelConfirmed(row.id, "not_needed", {
          ...base,
          outcome: "not_needed",
          detail: "the ClientLoop session was no longer active",
        });
        return;
      }
      const code = (error as { code?: string }).code ?? "error";
      const next = nextCancelAttemptAt(row.cancel_attempts + 1, new Date(), row.expires_at);
      await this.ledger.cancelFailed(row.id, code, next, {
        ...base,
        outcome: "failed",
        detail: `${code}; ${next ? `retrying at ${next.toISOString()}` : "the link expires before another try"}`,
      });
      this.logger_.warn(
        `ClientLoop: could not cancel session ${row.clientloop_session_id} (${code}); ${next ? "retrying in the background" : "it expires on its own"}`,
      );
    }
  }

  /**
   * One delivery to the callback route: verified (token, signature, shape, session, org), then
   * recorded once. Nothing changes for an unverified delivery; one that reached a real session
   * URL but failed the signature is kept in the timeline (a wrong signing secret looks so).
   */
  async receiveDelivery(input: CallbackInput): Promise<DeliveryOutcome> {
    const check = verifyDelivery(input, { secrets: this.options.signingSecrets, orgId: this.options.orgId });
    if (!check.ok) {
      if (check.tokenValid) {
        await this.ledger.log({
          kind: "delivery",
          outcome: "rejected",
          payment_session_id: check.paymentSessionId ?? null,
          detail: check.reason,
        });
      }
      this.logger_.warn(`ClientLoop callback rejected: ${check.reason}`);
      return { status: 400, message: "Callback rejected" };
    }
    const { event, session, paymentSessionId } = check.delivery;
    if (session.status === "Active") return { status: 400, message: "Callback rejected" };
    const record = await this.ledger.recordEvent({
      event_id: event.id,
      type: event.type,
      status: session.status,
      payment_session_id: paymentSessionId,
      clientloop_session_id: session.id,
      amount: session.amount,
      currency_code: session.currency,
      clientloop_payment_id: session.paymentId ?? null,
      occurred_at: new Date(Number.isNaN(Date.parse(event.createdAt)) ? Date.now() : event.createdAt),
    });
    await this.ledger.log({
      kind: "delivery",
      outcome: record.duplicate ? "duplicate" : "accepted",
      payment_session_id: paymentSessionId,
      clientloop_session_id: session.id,
      event_id: event.id,
      detail: `${event.type} ${session.amount} ${session.currency}`,
    });
    if (record.changed && record.session.order_state === "attention") {
      this.logger_.error(
        `ClientLoop: session ${session.id} was paid ${session.amount} ${session.currency}, which is not what the store created for ${paymentSessionId}; listed for attention`,
      );
    }
    return { status: 200, record, message: record.duplicate ? "duplicate" : "received" };
  }

  /** Sends the link through ClientLoop, to `to` (required for the store route, optional for admins). */
  async sendLink(
    row: LedgerSession,
    channel: LinkChannel,
    to: string | undefined,
  ): Promise<{ success: boolean; message: string | null }> {
    if (row.status !== "Active" || !row.clientloop_session_id || row.superseded_at) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        "This ClientLoop payment can no longer be paid (paid, expired, canceled or replaced)",
      );
    }
    try {
      const r = await this.client_.paymentSessions.sendLink({
        id: row.clientloop_session_id,
        channel,
        ...(to ? { to } : {}),
      });
      return { success: r.success, message: r.message ?? null };
    } catch (error) {
      if (ClientLoopError.isInstance(error) && error.code === "NO_RECIPIENT") {
        throw new MedusaError(
          MedusaError.Types.INVALID_DATA,
          `No ${channel === "Email" ? "email address" : "phone number"} is known for this payment; provide one`,
        );
      }
      throw toMedusaError(error, "send the payment link");
    }
  }

  /** Keyed fingerprint of a recipient or IP, for the resend limits. */
  fingerprint(value: string): string {
    return fingerprint(value, this.signingSecret);
  }

  mask(recipient: string): string {
    return maskRecipient(recipient);
  }
}

export default ClientLoopModuleService;
export { ClientLoopModuleService };
