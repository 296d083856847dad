// The n8n editor in a real browser (headless Chromium driven by playwright-core), logged in with
// the suite's session: what the canvas shows under each node is what a builder reads.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const APT_ENSURE = fileURLToPath(new URL("../../../../scripts/apt-ensure.sh", import.meta.url));

/** $CHROMIUM_PATH, Debian's chromium, or Google Chrome (GitHub's runners); else Debian's package is installed. */
function browserPath() {
  const candidates = [
    process.env.CHROMIUM_PATH,
    "/usr/bin/chromium",
    "/usr/bin/google-chrome",
    "/usr/bin/chromium-browser",
  ];
  const found = candidates.find((p) => p && existsSync(p));
  if (found) return found;
  const installed = spawnSync("bash", [APT_ENSURE, "chromium", "chromium"], {
    stdio: ["ignore", "inherit", "inherit"],
  });
  if (installed.status !== 0 || !existsSync("/usr/bin/chromium")) {
    throw new Error("no Chromium for the canvas check: install Debian's chromium or set CHROMIUM_PATH");
  }
  return "/usr/bin/chromium";
}

/**
 * Opens each workflow on the canvas and returns, per workflow id, the text of every node as the
 * canvas renders it (`{ "<node name>": "<text>" }`, the node's name and subtitle among it), and
 * saves a screenshot of each canvas into `screenshotDir` (kept with --keep). For a workflow in
 * `openNodes` (`{ <id>: <node name> }`), that node's parameters panel is opened and its text is
 * returned in `parameters[<id>]`.
 */
export async function canvasNodeTexts({ baseUrl, cookie, workflowIds, openNodes = {}, screenshotDir }) {
  const browser = await chromium.launch({
    executablePath: browserPath(),
    headless: true,
    args: ["--no-sandbox", "--disable-background-networking"],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    const [name, value] = cookie.split("=");
    await context.addCookies([{ name, value: cookie.slice(name.length + 1) || value, url: baseUrl }]);
    const page = await context.newPage();
    const result = { parameters: {} };
    for (const id of workflowIds) {
      await page.goto(`${baseUrl}workflow/${id}`, { waitUntil: "domcontentloaded", timeout: 120_000 });
      await page.waitForSelector('[data-test-id="canvas-node"]', { timeout: 120_000 });
      result[id] = await page.$$eval('[data-test-id="canvas-node"]', (nodes) =>
        Object.fromEntries(
          nodes.map((n) => [
            n.getAttribute("data-node-name") ?? n.textContent,
            n.innerText.replace(/\s+/g, " ").trim(),
          ]),
        ),
      );
      if (screenshotDir) await page.screenshot({ path: join(screenshotDir, `canvas-${id}.png`) });
      const open = openNodes[id];
      if (open) {
        // double-clicking a node opens its parameters, as a builder does
        await page.dblclick(`[data-test-id="canvas-node"][data-node-name="${open}"]`);
        const panel = await page.waitForSelector('[data-test-id="node-parameters"]', { timeout: 60_000 });
        await page.waitForTimeout(500); // the collections render after the panel
        result.parameters[id] = await panel.innerText();
        if (screenshotDir) await page.screenshot({ path: join(screenshotDir, `parameters-${id}.png`) });
        await page.keyboard.press("Escape");
      }
    }
    return result;
  } finally {
    await browser.close();
  }
}
