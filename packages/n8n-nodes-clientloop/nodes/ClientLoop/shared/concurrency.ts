/**
 * Runs `task` for indexes 0..count-1 with at most `limit` in flight, results in index order.
 * No timers: workers are plain promise chains pulling the next index. After a task reports
 * `stop`, no new index is started; the tasks already running finish.
 */
export type TaskResult<T, E> = { value: T; stop?: false } | { error: E; stop: true };

export async function runWithConcurrency<T, E>(
  count: number,
  limit: number,
  task: (index: number) => Promise<TaskResult<T, E>>,
): Promise<Array<TaskResult<T, E> | undefined>> {
  const results: Array<TaskResult<T, E> | undefined> = new Array(count);
  let next = 0;
  let stopped = false;
  const worker = async (): Promise<void> => {
    while (!stopped && next < count) {
      const index = next++;
      const result = await task(index);
      results[index] = result;
      if (result.stop) stopped = true;
    }
  };
  const workers = Math.max(1, Math.min(Math.floor(limit) || 1, count));
  await Promise.all(Array.from({ length: workers }, worker));
  return results;
}
