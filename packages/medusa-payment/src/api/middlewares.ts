import { defineMiddlewares } from "@medusajs/framework/http";

export default defineMiddlewares({
  routes: [
    {
      // ClientLoop signs the exact bytes it sends: keep the raw body for verification.
      matcher: "/hooks/clientloop",
      method: ["POST"],
      bodyParser: { preserveRawBody: true },
    },
  ],
});
