// A Medusa store with the ClientLoop payment provider. Everything comes from the environment
// (scripts/stack.mjs sets it for the tests, the demo and the benchmark; see .env.example).
import { defineConfig, loadEnv } from "@medusajs/framework/utils";

loadEnv(process.env.NODE_ENV || "development", process.cwd());

const env = (name: string, fallback?: string) => process.env[name] ?? fallback;

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
  // The plugin entry loads the ClientLoop routes (callback, status, send-link).
  plugins: [{ resolve: "@clientloop/medusa-payment", options: {} }],
  modules: [
    {
      resolve: "@medusajs/medusa/payment",
      options: {
        providers: [
          {
            resolve: "@clientloop/medusa-payment/providers/clientloop",
            id: "clientloop",
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
            },
          },
        ],
      },
    },
  ],
});
