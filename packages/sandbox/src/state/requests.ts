/** Counts API requests per operation, for tests that assert how often ClientLoop was called. */
import type { RequestLogEntry, RequestStats } from "../types.js";
import { BoundedList } from "./bounded.js";

export class RequestCounter {
  private total = 0;
  private byOperation: Record<string, number> = Object.create(null);
  private byStatus: Record<string, number> = Object.create(null);
  private readonly recent = new BoundedList<RequestLogEntry>(1000);

  /**
   * Counts a request as soon as its operation is known, before faults or latency: a client
   * that gave up waiting (timeout) has still made the call.
   */
  begin(entry: RequestLogEntry): RequestLogEntry {
    this.total++;
    const ops = entry.operations.length ? entry.operations : ["(invalid)"];
    for (const op of ops) this.byOperation[op] = (this.byOperation[op] ?? 0) + 1;
    this.recent.push(entry);
    return entry;
  }

  /** Records how the request ended (its HTTP status, or `dropped`). */
  end(entry: RequestLogEntry, status: number | "dropped", durationMs: number): void {
    entry.status = status;
    entry.durationMs = durationMs;
    const key = String(status);
    this.byStatus[key] = (this.byStatus[key] ?? 0) + 1;
  }

  stats(): RequestStats {
    return {
      total: this.total,
      byOperation: { ...this.byOperation },
      byStatus: { ...this.byStatus },
      recent: this.recent.all(),
    };
  }

  reset(): void {
    this.total = 0;
    this.byOperation = Object.create(null);
    this.byStatus = Object.create(null);
    this.recent.clear();
  }
}
