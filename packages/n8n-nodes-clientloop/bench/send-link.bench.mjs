#!/usr/bin/env node
// Benchmark: 500 items of Send Link in one n8n execution (n8n-core's WorkflowExecute, the package
// loaded from dist) against the ClientLoop sandbox with 20 ms of injected latency per request,
// one item after another (concurrency 1, the default) versus concurrency 10. Also prints the
// packed size of the package. Needs a built dist/ (npm run build). Prints figures only; the
// target (>= 5x faster with concurrency 10) is reported, not asserted.
import { clientLoopNode, runWorkflow } from "../test/helpers/n8n.mjs";
import { startTestSandbox } from "../test/helpers/sandbox.mjs";
import { packPackage } from "../scripts/scan.mjs";
import { rmSync } from "node:fs";

const ITEMS = Number(process.env.BENCH_ITEMS ?? 500);
const LATENCY_MS = 20;

const { sandbox, credentials } = await startTestSandbox({ maxOutbox: ITEMS * 4 });
try {
  const sessions = Array.from({ length: ITEMS }, (_, i) =>
    sandbox.createSession({ amount: `${(i % 90) + 10}.00`, currency: "USD", contactId: "contact_jane" }),
  );
  sandbox.injectFault({ kind: "latency", ms: LATENCY_MS, operationName: "sendPaymentSessionLink" });
  const items = sessions.map((s) => ({ sessionId: s.id }));

  const run = async (concurrency) => {
    sandbox.clearOutbox();
    const node = clientLoopNode("Send Link", {
      resource: "paymentSession",
      operation: "sendLink",
      sessionId: "={{ $json.sessionId }}",
      channel: "Email",
      additionalFields: {},
      options: { concurrency },
    });
    const started = performance.now();
    const result = await runWorkflow({ credentials, items, nodes: [node] });
    const ms = performance.now() - started;
    const out = result.output("Send Link");
    if (result.error || out.length !== ITEMS || out.some((o, i) => o.pairedItem.item !== i || !o.json.success)) {
      throw new Error(`run with concurrency ${concurrency} failed: ${result.error?.message ?? "wrong output"}`);
    }
    if (sandbox.outbox().length !== ITEMS) throw new Error("not every link was sent");
    return ms;
  };

  await run(10); // warm-up: module loading, JIT, connection pool
  const sequential = await run(1);
  const concurrent = await run(10);
  const speedup = sequential / concurrent;
  console.log(`Send Link, ${ITEMS} items, ${LATENCY_MS} ms injected latency per request`);
  console.log(
    `  concurrency 1 (in order): ${(sequential / 1000).toFixed(2)} s (${(sequential / ITEMS).toFixed(1)} ms/item)`,
  );
  console.log(
    `  concurrency 10:           ${(concurrent / 1000).toFixed(2)} s (${(concurrent / ITEMS).toFixed(1)} ms/item)`,
  );
  console.log(`  speed-up: ${speedup.toFixed(1)}x (target >= 5x: ${speedup >= 5 ? "met" : "NOT met"})`);
} finally {
  await sandbox.stop();
}

const pack = packPackage();
rmSync(pack.work, { recursive: true, force: true });
console.log(
  `packed size: ${(pack.size / 1024).toFixed(1)} KiB (unpacked ${(pack.unpackedSize / 1024).toFixed(1)} KiB, ${pack.files.length} files)`,
);
