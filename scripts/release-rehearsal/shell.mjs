// Child processes for the rehearsal: every command is logged, bounded in time, and asynchronous
// (the rehearsal's registry and servers keep answering while a command runs).
import { spawn } from "node:child_process";

/**
 * Runs a command; resolves { code, stdout, stderr }. Rejects only when it cannot start or
 * outlives `timeoutMs` (then it is killed). `quiet` keeps its output out of the terminal.
 */
export function run(cmd, args, { cwd, env = process.env, timeoutMs = 15 * 60_000, quiet = false } = {}) {
  return new Promise((resolve, reject) => {
    if (!quiet) console.log(`  $ ${[cmd, ...args].map(redact).join(" ")}   (in ${cwd})`);
    const child = spawn(cmd, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
      if (!quiet) process.stdout.write(indent(d));
    });
    child.stderr.on("data", (d) => {
      stderr += d;
      if (!quiet) process.stderr.write(indent(d));
    });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${cmd} ${args.join(" ")} did not finish within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr });
    });
  });
}

/** Like run(), but a non-zero exit is an error that carries the command's last output. */
export async function mustRun(cmd, args, options) {
  const result = await run(cmd, args, options);
  if (result.code !== 0) {
    const tail = (result.stderr || result.stdout).trim().split("\n").slice(-15).join("\n");
    throw new Error(`${cmd} ${args.map(redact).join(" ")} exited ${result.code}\n${tail}`);
  }
  return result;
}

// the throwaway registry's token is passed on the command line; keep it out of the log anyway
const redact = (arg) => String(arg).replace(/(_authToken=).*/, "$1***");
const indent = (chunk) => String(chunk).replace(/^(?=.)/gm, "    ");
