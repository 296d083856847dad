/**
 * Root resolvers of the three mutations. Field rules come from core's parse functions (the
 * same code the client runs before sending); the business rules live in state/operations.ts.
 */
import {
  parseCreatePaymentSessionInput,
  parseSendPaymentSessionLinkInput,
  parseUpdatePaymentSessionInput,
  type OperationSuccess,
  type PaymentSession,
} from "@clientloop/core/pure";
import { validated } from "../errors.js";
import { nullKeys, stripNulls } from "../state/normalize.js";
import type { PaymentSessionOperations } from "../state/operations.js";
import type { Organization } from "../state/orgs.js";
import type { SessionStore } from "../state/sessions.js";

export interface ResolverContext {
  org: Organization;
  ops: PaymentSessionOperations;
  store: SessionStore;
}

type Args = { input?: unknown };

export const rootValue = {
  createPaymentSession({ input }: Args, ctx: ResolverContext): PaymentSession {
    const orgId = (input as { orgId?: unknown } | undefined)?.orgId;
    // ownership before validation: another organization learns nothing about the input rules
    if (typeof orgId === "string") ctx.ops.checkOrg(ctx.org, orgId);
    const parsed = validated(parseCreatePaymentSessionInput, stripNulls(input));
    return ctx.store.view(ctx.ops.create(ctx.org, parsed));
  },

  updatePaymentSession({ input }: Args, ctx: ResolverContext): PaymentSession {
    const orgId = (input as { orgId?: unknown } | undefined)?.orgId;
    if (typeof orgId === "string") ctx.ops.checkOrg(ctx.org, orgId);
    const parsed = validated(parseUpdatePaymentSessionInput, stripNulls(input));
    return ctx.store.view(ctx.ops.update(ctx.org, parsed, nullKeys(input)));
  },

  sendPaymentSessionLink({ input }: Args, ctx: ResolverContext): OperationSuccess {
    const parsed = validated(parseSendPaymentSessionLinkInput, stripNulls(input));
    const message = ctx.ops.sendLink(ctx.org, parsed);
    return { success: true, message: `Payment session link sent by ${message.channel === "Email" ? "email" : "SMS"}` };
  },

  _unused: () => null,
};
