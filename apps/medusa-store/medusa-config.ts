// A Medusa store with the ClientLoop payment provider. Everything comes from the environment
// (scripts/stack.mjs sets it for the tests, the demo and the benchmark; see .env.example).
import { defineConfig, loadEnv } from "@medusajs/framework/utils";

loadEnv(process.env.NODE_ENV || "development", process.cwd());

const env = (name: string, fallback?: string) => process.env[name] ?? fallback;
/** Numeric options from the environment, only those that are set. */
const numbers = (names: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(names).flatMap(([option, name]) => (process.env[name] ? [[option, Number(process.env[name])]] : [])),
  );

/**
 * Medusa's Redis modules, for running more than one Medusa process (scripts/stack.mjs's
 * production profile: two servers and a worker). Without REDIS_URL there are none and one process
 * keeps Medusa's in-memory defaults. REDIS_PREFIX (e.g. "shop1:") namespaces the sessions, queues,
 * locks and cache keys, so that several stores can share one Redis.
 */
function redisModules(redisUrl = env("REDIS_URL"), prefix = env("REDIS_PREFIX", "")!) {
  if (!redisUrl) return [];
  // BullMQ keys are "<prefix>:<queue>:…"; queue and worker must agree on the prefix.
  const bull = (name: string) =>
    prefix ? { queueOptions: { prefix: `${prefix}${name}` }, workerOptions: { prefix: `${prefix}${name}` } } : {};
  return [
    { resolve: "@medusajs/medusa/event-bus-redis", options: { redisUrl, ...bull("RedisEventBusService") } },
    // Runs scheduled jobs, step retries and timeouts on the worker, stores workflow executions in Redis.
    { resolve: "@medusajs/medusa/workflow-engine-redis", options: { redis: { redisUrl, ...bull("bull") } } },
    {
      resolve: "@medusajs/medusa/locking",
      options: {
        providers: [
          {
            resolve: "@medusajs/medusa/locking-redis",
            id: "locking-redis",
            is_default: true,
            options: { redisUrl, namespace: `${prefix}medusa_lock:` },
          },
        ],
      },
    },
    // Registered for whoever resolves Modules.CACHING; Medusa's own use of it stays behind the
    // MEDUSA_FF_CACHING feature flag (work in progress in 2.21), which is left off.
    {
      resolve: "@medusajs/medusa/caching",
      options: {
        providers: [
          {
            resolve: "@medusajs/medusa/caching-redis",
            id: "caching-redis",
            is_default: true,
            options: { redisUrl, prefix: `${prefix}mc:` },
          },
        ],
      },
    },
  ];
}

export default defineConfig({
  projectConfig: {
    databaseUrl: env("DATABASE_URL"),
    databaseLogging: false,
    // Sessions in Redis when it is there, so that a login holds on every server.
    redisUrl: env("REDIS_URL"),
    redisPrefix: env("REDIS_PREFIX"),
    // workerMode is left out on purpose: Medusa then reads MEDUSA_WORKER_MODE (server | worker |
    // shared, the default), so one build runs as either.
    // In production Medusa sets the session cookie only over HTTPS (Secure, behind one proxy hop).
    // MEDUSA_SECURE_COOKIES=false is for a production build served over plain HTTP on this
    // machine (the demo's --production --keep), never for a real deployment.
    ...(env("MEDUSA_SECURE_COOKIES") === "false" ? { cookieOptions: { secure: false } } : {}),
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
        ...numbers({
          trustProxy: "CLIENTLOOP_TRUST_PROXY",
          sendLinkLimit: "CLIENTLOOP_SEND_LINK_LIMIT",
          sendLinkIpLimit: "CLIENTLOOP_SEND_LINK_IP_LIMIT",
        }),
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
    ...redisModules(),
  ],
});
