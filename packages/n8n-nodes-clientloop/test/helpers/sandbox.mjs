// The ClientLoop sandbox (@clientloop/sandbox) over real HTTP on 127.0.0.1, one per test file.
import { startSandbox } from "@clientloop/sandbox";

export async function startTestSandbox(options = {}) {
  const sandbox = await startSandbox({
    port: 0,
    // events are retried fast so a test never waits long for a refused delivery
    events: { maxAttempts: 2, backoffMs: 50, timeoutMs: 5_000 },
    ...options,
  });
  const credentials = {
    clientLoopApi: { apiKey: sandbox.apiKey, endpointUrl: sandbox.url, signingSecret: "" },
  };
  return { sandbox, credentials };
}
