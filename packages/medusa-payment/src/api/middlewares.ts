import { authenticate, defineMiddlewares } from "@medusajs/framework/http";
import { redactCallbackToken } from "./_lib/callback-token";
import { linkNewClientLoopSessions } from "./_lib/link-sessions";

export default defineMiddlewares({
  routes: [
    {
      // ClientLoop signs the exact bytes it sends: keep the raw body for verification; keep the
      // per-session token out of the access log.
      matcher: "/hooks/clientloop",
      method: ["POST"],
      bodyParser: { preserveRawBody: true },
      middlewares: [redactCallbackToken],
    },
    {
      // Record which cart a new ClientLoop session pays for, from Medusa's own answer.
      matcher: "/store/payment-collections/:id/payment-sessions",
      method: ["POST"],
      middlewares: [linkNewClientLoopSessions],
    },
    {
      // A logged-in customer's cart can only be used by that customer.
      matcher: "/store/clientloop/carts/:id/send-link",
      method: ["POST"],
      middlewares: [authenticate("customer", ["session", "bearer"], { allowUnauthenticated: true })],
    },
  ],
});
