/**
 * The README's storefront section cannot drift from the kit: its TypeScript snippets (each starts
 * with a `// <path>` comment) are written into the layout of Medusa's Next.js storefront
 * (dtc-starter apps/storefront) and typechecked with the starter's compiler options, against the
 * built kit as a store installs it, the real @medusajs/js-sdk and @types/react, and declarations
 * of the starter's own modules (test/fixtures/dtc-starter). The edits shown as diffs must import
 * what exists.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { CLIENTLOOP_PROVIDER_ID } from "../storefront/index.js";

const PKG = resolve(__dirname, "..");
const FIXTURES = join(PKG, "test/fixtures/dtc-starter");
const OUT = join(PKG, "test-results/readme-storefront");

function storefrontSection(): string {
  const readme = readFileSync(join(PKG, "README.md"), "utf8");
  const start = readme.indexOf("## 4. Storefront");
  const end = readme.indexOf("\n## ", start + 1);
  expect(start, "the README has its storefront section").toBeGreaterThan(0);
  return readme.slice(start, end);
}

interface Block {
  lang: string;
  path: string;
  code: string;
}

function blocks(section: string): Block[] {
  const out: Block[] = [];
  const fence = /(?:<!-- file: (\S+) -->\n+)?```(\w+)\n([\s\S]*?)```/g;
  for (const m of section.matchAll(fence)) {
    const [, marked, lang, code] = m;
    const path = marked ?? /^\/\/ (\S+?):?(?:\s|$)/.exec(code!)?.[1];
    if (lang === "ts" || lang === "tsx" || lang === "diff") out.push({ lang: lang!, path: path ?? "", code: code! });
  }
  return out;
}

/** For a diff: the imports it adds, as a module (the rest of the edit lives in the starter's file). */
function addedImports(diff: string): string {
  const imports = diff
    .split("\n")
    .filter((l) => l.startsWith("+import "))
    .map((l) => l.slice(1));
  const names = imports.flatMap((l) =>
    /^import (?:type )?(?:\{([^}]*)\}|(\w+))/
      .exec(l)!
      .slice(1)
      .filter(Boolean)
      .flatMap((n) => n!.split(",").map((x) => x.trim().replace(/^type /, ""))),
  );
  return `${imports.join("\n")}\nexport const used = [${names.join(", ")}]\n`;
}

describe("the README's storefront section", () => {
  const section = storefrontSection();
  const all = blocks(section);

  it("has every file of the recipe, and the framework-free examples", () => {
    expect(all.map((b) => `${b.lang} ${b.path}`)).toEqual([
      "ts storefront/checkout.ts",
      "ts storefront/return-page.ts",
      "diff src/lib/constants.tsx",
      "ts src/lib/data/clientloop.ts",
      "diff src/modules/checkout/components/payment/index.tsx",
      "diff src/modules/checkout/components/payment-button/index.tsx",
      "tsx src/modules/checkout/components/payment-button/clientloop.tsx",
      "tsx src/app/[countryCode]/(checkout)/checkout/clientloop/return/page.tsx",
      "tsx src/modules/checkout/components/clientloop-return/index.tsx",
    ]);
    expect(all.find((b) => b.path === "src/lib/constants.tsx")!.code).toContain(`+  ${CLIENTLOOP_PROVIDER_ID}: {`);
  });

  it(
    "typechecks against the kit, js-sdk, React and the starter's shapes, with the starter's compiler options",
    { timeout: 180_000 },
    () => {
      rmSync(OUT, { recursive: true, force: true });
      const files: string[] = [];
      for (const block of all) {
        const file = join(OUT, block.lang === "diff" ? block.path.replace(/\.tsx?$/, ".imports.ts") : block.path);
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, block.lang === "diff" ? addedImports(block.code) : block.code);
        files.push(file);
      }
      writeFileSync(
        join(OUT, "tsconfig.json"),
        JSON.stringify({
          // apps/storefront/tsconfig.json of dtc-starter (Next's plugin and incremental aside)
          compilerOptions: {
            target: "es5",
            lib: ["dom", "dom.iterable", "esnext"],
            allowJs: true,
            skipLibCheck: true,
            strict: true,
            forceConsistentCasingInFileNames: true,
            noEmit: true,
            esModuleInterop: true,
            module: "esnext",
            moduleResolution: "node",
            resolveJsonModule: true,
            isolatedModules: true,
            jsx: "preserve",
            baseUrl: "./src",
            paths: {
              "@lib/*": ["lib/*", `${FIXTURES}/src/lib/*`],
              "@modules/*": ["modules/*", `${FIXTURES}/src/modules/*`],
            },
            // relative imports of the starter's own files (e.g. ../error-message) find their declarations
            rootDirs: ["./src", `${FIXTURES}/src`],
            // the starter is on TypeScript 5; this repository's 6 warns about those options
            ignoreDeprecations: "6.0",
          },
          files: [...files, `${FIXTURES}/types/next.d.ts`],
        }),
      );
      const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
      let output = "";
      try {
        execFileSync(process.execPath, [tsc, "-p", join(OUT, "tsconfig.json")], { encoding: "utf8" });
      } catch (e) {
        output = `${(e as { stdout?: string }).stdout ?? ""}${(e as { stderr?: string }).stderr ?? ""}` || String(e);
      }
      expect(output).toBe("");
    },
  );
});
