#!/usr/bin/env node
/**
 * `clientloop-sandbox`: runs the sandbox until Ctrl-C. Flags win over environment variables
 * (CLIENTLOOP_SANDBOX_PORT, _HOST, _ORG_ID, _API_KEY, _SIGNING_SECRET, _SEED, _PUBLIC_BASE_URL).
 */
import { parseArgs } from "node:util";
import { startSandbox } from "./index.js";

const HELP = `Usage: clientloop-sandbox [options]

A local, stateful stand-in for the ClientLoop payment API (in memory only).

Options:
  --port <n>               port to listen on (default 4010; 0 picks a free one)   env CLIENTLOOP_SANDBOX_PORT
  --host <addr>            interface to bind (default 127.0.0.1)                 env CLIENTLOOP_SANDBOX_HOST
  --public-base-url <url>  base of hosted-page links (default http://host:port)  env CLIENTLOOP_SANDBOX_PUBLIC_BASE_URL
  --org-id <id>            the default organization's id                          env CLIENTLOOP_SANDBOX_ORG_ID
  --api-key <key>          its API key                                            env CLIENTLOOP_SANDBOX_API_KEY
  --signing-secret <s>     its webhook signing secret                             env CLIENTLOOP_SANDBOX_SIGNING_SECRET
  --seed <file.json>       organizations, keys, secrets, contacts, sessions       env CLIENTLOOP_SANDBOX_SEED
  --event-attempts <n>     delivery attempts per event (default: the contract's 15, over ~76 h)
  --event-backoff-ms <n>   doubling retry delays from this one, instead of the contract's schedule
  --no-introspection       refuse introspection queries
  -h, --help               show this help
`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string" },
      host: { type: "string" },
      "public-base-url": { type: "string" },
      "org-id": { type: "string" },
      "api-key": { type: "string" },
      "signing-secret": { type: "string" },
      seed: { type: "string" },
      "event-attempts": { type: "string" },
      "event-backoff-ms": { type: "string" },
      "no-introspection": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const env = process.env;
  const num = (v: string | undefined, name: string) => {
    if (v === undefined || v === "") return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer`);
    return n;
  };
  const sandbox = await startSandbox({
    port: num(values.port ?? env.CLIENTLOOP_SANDBOX_PORT, "--port") ?? 4010,
    host: values.host ?? env.CLIENTLOOP_SANDBOX_HOST,
    publicBaseUrl: values["public-base-url"] ?? env.CLIENTLOOP_SANDBOX_PUBLIC_BASE_URL,
    orgId: values["org-id"] ?? env.CLIENTLOOP_SANDBOX_ORG_ID,
    apiKey: values["api-key"] ?? env.CLIENTLOOP_SANDBOX_API_KEY,
    signingSecret: values["signing-secret"] ?? env.CLIENTLOOP_SANDBOX_SIGNING_SECRET,
    seed: values.seed ?? env.CLIENTLOOP_SANDBOX_SEED,
    events: {
      maxAttempts: num(values["event-attempts"], "--event-attempts"),
      backoffMs: num(values["event-backoff-ms"], "--event-backoff-ms"),
    },
    introspection: !values["no-introspection"],
  });
  // Sandbox keys are test keys: printing them is the point (they never go anywhere else).
  const lines = [
    "ClientLoop sandbox (in memory: state lasts as long as this process)",
    `  GraphQL endpoint  ${sandbox.url}`,
    `  Dashboard         ${sandbox.baseUrl}/_sandbox/`,
    `  Control API       ${sandbox.baseUrl}/_sandbox/{sessions,outbox,events,requests,faults,clock/advance}`,
  ];
  for (const org of sandbox.orgs) {
    lines.push(`  Organization      ${org.id} (${org.name})`);
    lines.push(`    API key         ${org.apiKeys.join(", ")}`);
    lines.push(`    Signing secret  ${org.signingSecret}`);
  }
  process.stdout.write(lines.join("\n") + "\n");
  const shutdown = () => {
    void sandbox.stop().then(() => process.exit(0));
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`clientloop-sandbox: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
