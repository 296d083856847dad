import { useCallback, useEffect, useState } from "react";

/** Loads once and on `reload()`; keeps the last error for the page to show. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(load, deps);
  const reload = useCallback(() => {
    run().then(
      (d) => (setData(d), setError(null)),
      (e: Error) => setError(e.message),
    );
  }, [run]);
  useEffect(reload, [reload]);
  return { data, error, reload };
}
