/**
 * Root resolvers of the three mutations. Field rules come from core's parse functions (the
 * same code the client runs before sending); the business rules live in state/operations.ts.
 */
import {
  ClientLoopValidationError,
  ERROR_CODES,
  parseCreatePaymentSessionInput,
  parseSendPaymentSessionLinkInput,
  parseUpdatePaymentSessionInput,
  type OperationSuccess,
  type PaymentSession,
} from "@clientloop/core/pure";
import { SandboxError } from "../errors.js";
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

/** Runs a core parser; its issues become one BAD_USER_INPUT error naming the first field. */
export function validated<T>(parse: (input: unknown) => T, input: unknown): T {
  try {
    return parse(input);
  } catch (error) {
    if (error instanceof ClientLoopValidationError && error.issues.length) {
      const [first] = error.issues;
      throw new SandboxError(ERROR_CODES.BAD_USER_INPUT, `${first!.path}: ${first!.message}`, first!.path, {
        issues: error.issues.map((i) => ({ field: i.path, message: i.message })),
      });
    }
    throw error;
  }
}

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
