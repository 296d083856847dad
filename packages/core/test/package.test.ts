/** The built package loads the way users load it: require() and import() by name, every subpath. */
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";

const run = (code: string, type: "commonjs" | "module") =>
  execFileSync(process.execPath, [`--input-type=${type}`, "-e", code], { encoding: "utf8" }).trim();

describe("published entry points", () => {
  it("require()s every subpath from CommonJS", () => {
    const out = run(
      `const core = require("@clientloop/core");
       const w = require("@clientloop/core/webhooks");
       const t = require("@clientloop/core/testing");
       const p = require("@clientloop/core/pure");
       console.log([typeof core.ClientLoop, typeof w.constructEvent, typeof t.signTestEvent, typeof p.buildOperationRequest, core.VERSION].join(" "));`,
      "commonjs",
    );
    expect(out).toMatch(/^function function function function \d+\.\d+\.\d+/);
  });

  it("import()s every subpath from ESM, and the schema file", () => {
    const out = run(
      `import { ClientLoop, schemaSDL } from "@clientloop/core";
       import { signPayload } from "@clientloop/core/webhooks";
       import { createRequire } from "node:module";
       import { readFileSync } from "node:fs";
       const file = createRequire(import.meta.url).resolve("@clientloop/core/schema.graphql");
       console.log(typeof ClientLoop, typeof signPayload, readFileSync(file, "utf8") === schemaSDL);`,
      "module",
    );
    expect(out).toBe("function function true");
  });

  it("keeps the pure entry free of timers, process and globalThis (n8n bundles it)", async () => {
    const { readFileSync } = await import("node:fs");
    const pure = readFileSync(new URL("../dist/pure.cjs", import.meta.url), "utf8");
    const chunks = [...pure.matchAll(/require\("\.\/([\w-]+\.cjs)"\)/g)].map((m) =>
      readFileSync(new URL(`../dist/${m[1]}`, import.meta.url), "utf8"),
    );
    for (const code of [pure, ...chunks]) {
      expect(code).not.toMatch(/\bsetTimeout\b|\bsetInterval\b|\bprocess\.|\bglobalThis\b/);
    }
  });
});
