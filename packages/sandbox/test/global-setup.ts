// Makes sure Debian's chromium is installed before the browser test runs (a fresh machine
// has none): scripts/ensure-chromium.sh installs it with apt-get when /usr/bin/chromium is missing.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export default function setup(): void {
  const script = fileURLToPath(new URL("../scripts/ensure-chromium.sh", import.meta.url));
  execFileSync("bash", [script], { stdio: "inherit", timeout: 15 * 60_000 });
}
