// medusa-config.ts of the fresh Medusa project that `npm run release:rehearse` creates outside
// the monorepo, with @clientloop/medusa-payment installed from the throwaway registry: the
// configuration a store would write from the package's README. The values come from the
// environment the rehearsal sets (scripts/release-rehearsal/medusa.mjs). This is the one file to
// change when the package's configuration changes.
import { defineConfig } from "@medusajs/framework/utils";

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (the release rehearsal sets it)`);
  return value;
};

export default defineConfig({
  projectConfig: {
    databaseUrl: env("DATABASE_URL"),
    databaseLogging: false,
    http: {
      storeCors: "http://localhost:8000",
      adminCors: "http://localhost:9000",
      authCors: "http://localhost:8000,http://localhost:9000",
      jwtSecret: env("JWT_SECRET"),
      cookieSecret: env("COOKIE_SECRET"),
    },
  },
  // the plugin's options configure ClientLoop for every part of it (provider, routes, ledger module)
  plugins: [
    {
      resolve: "@clientloop/medusa-payment",
      options: {
        apiKey: env("CLIENTLOOP_API_KEY"),
        orgId: env("CLIENTLOOP_ORG_ID"),
        baseUrl: env("CLIENTLOOP_BASE_URL"),
        signingSecret: env("CLIENTLOOP_SIGNING_SECRET"),
        successUrl: "http://localhost:8000/checkout/clientloop/return?cart_id={cart_id}",
        callbackBaseUrl: env("CLIENTLOOP_CALLBACK_BASE_URL"),
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
