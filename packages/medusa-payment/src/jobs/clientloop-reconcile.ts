/**
 * What the store still owes ClientLoop's sessions, retried in the background (where Medusa runs
 * jobs: the worker): orders for paid sessions whose settling did not happen or failed (with
 * backoff, then attention), and cancels of superseded sessions until ClientLoop confirms or the
 * link expires. `CLIENTLOOP_RECONCILE_SECONDS` shortens the interval (tests and demos).
 */
import type { Logger, MedusaContainer } from "@medusajs/framework/types";
import { ContainerRegistrationKeys } from "@medusajs/framework/utils";
import { CLIENTLOOP_MODULE_KEY } from "../lib/setup";
import type { ClientLoopModuleService } from "../modules/clientloop/service";
import { settleClientLoopSessionWorkflow } from "../workflows/settle-clientloop-session";

export default async function reconcileClientLoop(container: MedusaContainer): Promise<void> {
  const clientloop = container.resolve<ClientLoopModuleService>(CLIENTLOOP_MODULE_KEY);
  const logger = container.resolve<Logger>(ContainerRegistrationKeys.LOGGER);
  const { orders, cancels } = await clientloop.ledger.due(new Date());
  for (const row of orders) {
    await settleClientLoopSessionWorkflow(container)
      .run({ input: { id: row.id } })
      .catch((e: Error) =>
        logger.warn(`ClientLoop: settling ${row.clientloop_session_id} failed, will retry: ${e.message}`),
      );
  }
  for (const row of cancels) await clientloop.cancel(row);
}

const seconds = Number(process.env.CLIENTLOOP_RECONCILE_SECONDS);

export const config = {
  name: "clientloop-reconcile",
  schedule: Number.isInteger(seconds) && seconds > 0 ? { interval: seconds * 1000 } : "* * * * *",
};
