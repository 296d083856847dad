// Prints each step of the suite with its duration, bounds it in time, and stops at the first
// failure with the step's name.

export class StepFailure extends Error {}

export function createSteps(prefix) {
  let count = 0;
  /** Runs `fn` as step `name`; `fn` may return a short detail to print. */
  return async function step(name, fn, timeoutMs = 120_000) {
    count++;
    const started = Date.now();
    let timer;
    try {
      const detail = await Promise.race([
        fn(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs / 1000} s`)), timeoutMs);
        }),
      ]);
      console.log(`${prefix} ✓ ${count}. ${name} (${seconds(started)})${detail ? `: ${detail}` : ""}`);
    } catch (error) {
      console.log(`${prefix} ✗ ${count}. ${name} (${seconds(started)})`);
      throw new StepFailure(`${prefix} ${name}: ${error?.stack ?? error}`);
    } finally {
      clearTimeout(timer);
    }
  };
}

const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

/** A plain assertion with a message that says what was expected. */
export function check(condition, message) {
  if (!condition) throw new Error(message);
}

export function checkEqual(actual, expected, what) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
}
