/**
 * The ClientLoop payment provider: hosted checkout. The customer pays on ClientLoop's page
 * (`data.link`); ClientLoop POSTs a signed event to the plugin's callback route, which records it
 * in the plugin's ledger; a workflow then completes the cart. This class is a thin adapter
 * between Medusa's provider contract and the plugin's ClientLoop module: it never trusts
 * payment session `data` (shopper-writable), only the ledger entry of the session id Medusa
 * itself passes (`context.idempotency_key`).
 */
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
  Logger,
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
import { toMedusaError } from "../../lib/errors";
import { buildContactRef, cartIdOf, clientLoopAmount, type MedusaCustomer } from "../../lib/mapping";
import { ledgerSessionData, publicSessionData } from "../../lib/session-data";
import { CLIENTLOOP_MODULE_KEY, SETUP_HINT } from "../../lib/setup";
import { toSessionStatus } from "../../lib/status";
import type { ClientLoopModuleService } from "../../modules/clientloop/service";

type Data = Record<string, unknown>;

export class ClientLoopProviderService extends AbstractPaymentProvider<Record<string, never>> {
  static identifier = "clientloop";

  /** The options belong to the plugin entry now; refuse provider options instead of ignoring them. */
  static validateOptions(options: Record<string, unknown>): void {
    if (options && Object.keys(options).length > 0) {
      throw new Error(
        '@clientloop/medusa-payment: the provider takes no options. Move them (apiKey, orgId, signingSecret, successUrl, callbackBaseUrl, …) to the plugin entry: plugins: [{ resolve: "@clientloop/medusa-payment", options: { … } }]',
      );
    }
  }

  protected readonly cradle_: Record<string, unknown>;
  protected readonly logger_: Logger;

  constructor(cradle: Record<string, unknown>, options: Record<string, never>) {
    super(cradle, options);
    this.cradle_ = cradle;
    this.logger_ = cradle.logger as Logger;
  }

  /** The plugin's ClientLoop module, which the payment module must list in its `dependencies`. */
  protected get clientloop(): ClientLoopModuleService {
    let module: ClientLoopModuleService | undefined;
    try {
      module = this.cradle_[CLIENTLOOP_MODULE_KEY] as ClientLoopModuleService | undefined;
    } catch {
      module = undefined;
    }
    if (!module) throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, `ClientLoop is not set up: ${SETUP_HINT}`);
    return module;
  }

  async initiatePayment(input: InitiatePaymentInput): Promise<InitiatePaymentOutput> {
    const data = (input.data ?? {}) as Data;
    const sessionId = input.context?.idempotency_key;
    if (typeof sessionId !== "string" || !sessionId) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        "ClientLoop: the Payment Module did not pass the payment session id",
      );
    }
    try {
      const { amount, currency } = clientLoopAmount(input.amount, input.currency_code);
      const cartId = cartIdOf(data);
      const contactRef = buildContactRef(input.context?.customer as MedusaCustomer | undefined, data);
      const started = await this.clientloop.startPayment({
        paymentSessionId: sessionId,
        cartId,
        amount,
        currency,
        ...(contactRef ? { contactRef } : {}),
      });
      return {
        id: started.clientloopSessionId,
        status: PaymentSessionStatus.REQUIRES_MORE,
        data: publicSessionData(data, { session_id: sessionId, link: started.link, expires_at: started.expiresAt }),
      };
    } catch (error) {
      const e = toMedusaError(error, "start the ClientLoop payment");
      this.logger_.warn(`ClientLoop: initiatePayment failed for ${sessionId}: ${e.message}`);
      throw e;
    }
  }

  /** Medusa replaces sessions when the cart changes; an amount change on a live session is passed on. */
  async updatePayment(input: UpdatePaymentInput): Promise<UpdatePaymentOutput> {
    const data = (input.data ?? {}) as Data;
    const row =
      typeof data.session_id === "string" ? await this.clientloop.ledger.bySessionId(data.session_id) : undefined;
    if (!row || row.link !== (data.link ?? null)) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        "ClientLoop: this payment session has no ClientLoop payment to update",
      );
    }
    const { amount, currency } = clientLoopAmount(input.amount, input.currency_code);
    await this.clientloop.updateAmount(row, amount, currency);
    return { data, status: toSessionStatus(row.status === "creating" ? undefined : row.status) };
  }

  /** Authorized (and captured) only by a verified Completed event in the ledger, for exactly this session. */
  async authorizePayment(input: AuthorizePaymentInput): Promise<AuthorizePaymentOutput> {
    return await this.getPaymentStatus(input);
  }

  /**
   * Medusa stores the `data` returned here on the session. It is rebuilt from the ledger, never
   * echoed: a cart completed while `initiatePayment` still waits for ClientLoop would otherwise
   * write the shopper's request `data` back over the provider's.
   */
  async getPaymentStatus(input: GetPaymentStatusInput): Promise<GetPaymentStatusOutput> {
    const sessionId = input.context?.idempotency_key;
    const row = typeof sessionId === "string" ? await this.clientloop.ledger.bySessionId(sessionId) : undefined;
    const data = ledgerSessionData(input.data, row);
    if (!row || row.status === "creating") return { status: PaymentSessionStatus.PENDING, data };
    // A Completed event whose amount, currency or ClientLoop session differs from what the
    // store created is recorded for attention, never authorized.
    if (row.status === "Completed" && row.attention_reason === "amount_mismatch")
      return { status: PaymentSessionStatus.ERROR, data };
    return { status: toSessionStatus(row.status), data };
  }

  /** ClientLoop takes the money on its hosted page: a Completed session is already captured. */
  async capturePayment(input: CapturePaymentInput): Promise<CapturePaymentOutput> {
    return { data: (input.data ?? {}) as Data };
  }

  async refundPayment(input: RefundPaymentInput): Promise<RefundPaymentOutput> {
    if (this.clientloop.options.refundMode === "manual") {
      this.logger_.info(
        "ClientLoop: refund recorded in Medusa only (refundMode: manual); make sure it was refunded in the ClientLoop dashboard",
      );
      return { data: (input.data ?? {}) as Data };
    }
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      'ClientLoop has no refund API: refund this payment in the ClientLoop dashboard. To record refunds made there in Medusa, set the plugin option refundMode: "manual".',
    );
  }

  /**
   * A payment is canceled after it was captured on ClientLoop's page (or Medusa failed to save
   * it): nothing can be undone at ClientLoop, and the ledger keeps the paid session until it has
   * its order, so there is nothing to do here.
   */
  async cancelPayment(input: CancelPaymentInput): Promise<CancelPaymentOutput> {
    return { data: (input.data ?? {}) as Data };
  }

  /** Medusa deletes sessions whenever the cart changes: the old link must not stay payable. Never throws. */
  async deletePayment(input: DeletePaymentInput): Promise<DeletePaymentOutput> {
    const data = (input.data ?? {}) as Data;
    if (typeof data.session_id === "string") {
      await this.clientloop
        .supersede(data.session_id, data.link)
        .catch((e: Error) =>
          this.logger_.warn(`ClientLoop: could not record the replaced session ${data.session_id}: ${e.message}`),
        );
    }
    return { data };
  }

  /** There is no read API: the stored data is all there is (the ledger holds the truth). */
  async retrievePayment(input: RetrievePaymentInput): Promise<RetrievePaymentOutput> {
    return { data: (input.data ?? {}) as Data };
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
   * Medusa's generic /hooks/payment/<provider> route answers 200 before any check and drops the
   * query string; ClientLoop callbacks go to the plugin's own route (/hooks/clientloop), so
   * anything arriving here is ignored.
   */
  async getWebhookActionAndData(): Promise<WebhookActionResult> {
    return { action: PaymentActions.NOT_SUPPORTED };
  }
}

export default ClientLoopProviderService;
