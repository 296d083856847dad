/**
 * The built kit as a store installs it: `@clientloop/medusa-payment/storefront` resolves to the
 * ESM build from `import` and the CommonJS build from `require`, in plain Node, with the same API
 * and no runtime dependency (`npm run build` makes dist/; turbo builds before testing).
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const probe = `const kit = MODULE;
const data = kit.clientLoopSessionData({ id: "cart_01ABCDEFGH", email: "a@b.co" });
console.log(JSON.stringify({ names: Object.keys(kit).sort(), data, provider: kit.CLIENTLOOP_PROVIDER_ID }));`;

function run(args: string[], source: string) {
  const env = { ...process.env };
  delete env.NODE_OPTIONS; // vitest's loader flags must not change how Node resolves
  return JSON.parse(execFileSync(process.execPath, [...args, source], { cwd: process.cwd(), env, encoding: "utf8" }));
}

describe("the built storefront kit", () => {
  it("is the same API from import (ESM) and require (CommonJS)", () => {
    const esm = run(
      ["--input-type=module", "-e"],
      probe.replace("MODULE", 'await import("@clientloop/medusa-payment/storefront")'),
    );
    const cjs = run(["-e"], probe.replace("MODULE", 'require("@clientloop/medusa-payment/storefront")'));
    expect(esm).toEqual(cjs);
    expect(esm.names).toEqual(
      expect.arrayContaining([
        "payWithClientLoop",
        "startClientLoopPayment",
        "completeClientLoopCheckout",
        "waitForPayment",
        "redirectToHostedPage",
        "getClientLoopStatus",
        "clientLoopSessionData",
      ]),
    );
    expect(esm.data).toEqual({ cart_id: "cart_01ABCDEFGH", email: "a@b.co" });
    expect(esm.provider).toBe("pp_clientloop_clientloop");
  });

  it("imports nothing at runtime (works in any browser bundle and server runtime)", () => {
    for (const file of ["dist/storefront.mjs", "dist/storefront.js"]) {
      const code = readFileSync(file, "utf8");
      expect(code).not.toMatch(/\brequire\(|^\s*import\s|from\s+["']/m);
    }
  });
});
