// A Medusa store with the ClientLoop payment provider. Everything comes from the environment
// (scripts/stack.mjs sets it for the tests, the demo and the benchmark; see .env.example).
import { defineConfig, loadEnv } from "@medusajs/framework/utils";

loadEnv(process.env.NODE_ENV || "development", process.cwd());

const env = (name: string, fallback?: string) => process.env[name] ?? fallback;
/** Numeric options from the environment, only those that are set. */
const numbers = (names: Record<string, string>) =>
  Object.fromEntries(Object.entries(names).flatMap(([option, name]) => (process.env[name] ? [[option, Number(process.env[name])]] : [])));

export default defineConfig({
  projectConfig: {
    databaseUrl: env("DATABASE_URL"),
    databaseLogging: false,
    http: {
      storeCors: env("STORE_CORS", "http://localhost:8000")!,
      adminCors: env("ADMIN_CORS", "http://localhost:9000")!,
      authCors: env("AUTH_CORS", "http://localhost:8000,http://localhost:9000")!,
      jwtSecret: env("JWT_SECRET", "supersecret"),
      cookieSecret: env("COOKIE_SECRET", "supersecret"),
    },
  },
  // The admin dashboard is off unless MEDUSA_ADMIN=true (the tests need no UI).
  admin: { disable: env("MEDUSA_ADMIN") !== "true" },
  // The plugin: its options configure ClientLoop for every part of it (the provider, the
  // callback, status and send-link routes, the ledger module, the background job).
  plugins: [
    {
      resolve: "@clientloop/medusa-payment",
      options: {
        apiKey: env("CLIENTLOOP_API_KEY"),
        orgId: env("CLIENTLOOP_ORG_ID"),
        baseUrl: env("CLIENTLOOP_BASE_URL"),
        signingSecret: env("CLIENTLOOP_SIGNING_SECRET"),
        successUrl: env("CLIENTLOOP_SUCCESS_URL", "http://localhost:8000/checkout/clientloop/return?cart_id={cart_id}"),
        callbackBaseUrl: env("CLIENTLOOP_CALLBACK_BASE_URL", "http://localhost:9000"),
        expiresInMinutes: Number(env("CLIENTLOOP_EXPIRES_IN_MINUTES", "60")),
        refundMode: env("CLIENTLOOP_REFUND_MODE", "disabled"),
        timeoutMs: Number(env("CLIENTLOOP_TIMEOUT_MS", "15000")),
        ...numbers({ trustProxy: "CLIENTLOOP_TRUST_PROXY", sendLinkLimit: "CLIENTLOOP_SEND_LINK_LIMIT", sendLinkIpLimit: "CLIENTLOOP_SEND_LINK_IP_LIMIT" }),
      },
    },
  ],
  modules: [
    {
      resolve: "@medusajs/medusa/payment",
      // the provider reads the plugin's ledger (module "clientloop")
      dependencies: ["clientloop"],
      options: {
        providers: [{ resolve: "@clientloop/medusa-payment/providers/clientloop", id: "clientloop" }],
      },
    },
  ],
});
