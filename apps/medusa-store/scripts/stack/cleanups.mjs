// What a stack started, to stop it again: in reverse order on stop(), and, if the process exits
// first (a crash, a test runner ending its worker), the synchronous part of each (SIGKILL the
// children, remove the directories) on exit.
export class Cleanups {
  #steps = [];
  #onExit = () => {
    for (const s of this.#steps) s.sync?.();
  };

  constructor() {
    process.once("exit", this.#onExit);
  }

  /** `stop` is awaited by stopAll(); `sync` (optional) runs on process exit if stopAll() never did. */
  add(stop, sync) {
    this.#steps.push({ stop, sync });
  }

  async stopAll() {
    while (this.#steps.length) {
      const step = this.#steps.pop();
      await Promise.resolve()
        .then(step.stop)
        .catch((e) => console.error("[stack] stop:", e?.message ?? e));
    }
    process.removeListener("exit", this.#onExit);
  }
}

/**
 * Like Promise.all, but waits for every promise to settle before it rejects, so that nothing is
 * still starting (and later left running) when the caller cleans up after a failure. Each
 * promise registers its own cleanup as it resolves.
 */
export async function allSettledOrThrow(promises) {
  const results = await Promise.allSettled(promises);
  const failed = results.find((r) => r.status === "rejected");
  if (failed) throw failed.reason;
  return results.map((r) => r.value);
}
