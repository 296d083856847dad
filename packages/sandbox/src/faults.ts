/**
 * Fault injection for the API endpoint, set per test: latency, 429/500/503 answers and dropped
 * connections, at a rate or for the next N requests, optionally for one operation only.
 */
import { randomId } from "./ids.js";
import type { Fault, FaultSpec } from "./types.js";

export interface FaultPlan {
  latencyMs: number;
  /** At most one fault that ends the request (status or drop). */
  terminal: Fault | undefined;
  /** Descriptions for the request log. */
  labels: string[];
}

const NO_FAULTS: FaultPlan = { latencyMs: 0, terminal: undefined, labels: [] };

export function validateFault(spec: FaultSpec): FaultSpec {
  const s = spec as Partial<FaultSpec> | null;
  if (!s || typeof s !== "object") throw new TypeError("a fault must be an object");
  if (s.kind !== "latency" && s.kind !== "status" && s.kind !== "drop")
    throw new TypeError('fault.kind must be "latency", "status" or "drop"');
  if (s.kind === "latency" && !(typeof s.ms === "number" && s.ms >= 0 && Number.isFinite(s.ms)))
    throw new TypeError("fault.ms must be a number >= 0");
  if (s.status !== undefined && ![429, 500, 503].includes(s.status))
    throw new TypeError("fault.status must be 429, 500 or 503");
  if (s.retryAfter !== undefined && !(Number.isInteger(s.retryAfter) && s.retryAfter >= 0))
    throw new TypeError("fault.retryAfter must be an integer >= 0 (seconds)");
  if (s.when !== undefined && s.when !== "before" && s.when !== "after")
    throw new TypeError('fault.when must be "before" or "after"');
  if (s.when === "after" && s.kind === "status" && (s.status ?? 503) !== 500) {
    throw new TypeError('fault.when "after" is only for drop and status 500: 429 and 503 mean "not processed"');
  }
  if (s.rate !== undefined && !(typeof s.rate === "number" && s.rate >= 0 && s.rate <= 1))
    throw new TypeError("fault.rate must be between 0 and 1");
  if (s.times !== undefined && !(Number.isInteger(s.times) && s.times >= 1))
    throw new TypeError("fault.times must be an integer >= 1");
  if (s.operationName !== undefined && typeof s.operationName !== "string")
    throw new TypeError("fault.operationName must be a string");
  return s as FaultSpec;
}

export class FaultRegistry {
  private faults: Fault[] = [];

  add(spec: FaultSpec): Fault {
    const fault: Fault = { ...validateFault(spec), id: randomId("fault"), hits: 0 };
    this.faults.push(fault);
    return fault;
  }

  remove(id: string): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((f) => f.id !== id);
    return this.faults.length !== before;
  }

  list(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  clear(): void {
    this.faults = [];
  }

  /** Decides which faults hit this request (and counts them down). Cheap when none are set. */
  plan(rootFields: readonly string[], operationName: string | null): FaultPlan {
    if (this.faults.length === 0) return NO_FAULTS;
    let latencyMs = 0;
    let terminal: Fault | undefined;
    const labels: string[] = [];
    for (const f of [...this.faults]) {
      if (f.operationName && f.operationName !== operationName && !rootFields.includes(f.operationName)) continue;
      if (f.kind !== "latency" && terminal) continue;
      if (f.rate !== undefined && Math.random() >= f.rate) continue;
      f.hits++;
      if (f.times !== undefined && f.hits >= f.times) this.remove(f.id);
      if (f.kind === "latency") {
        latencyMs += f.ms ?? 0;
        labels.push(`latency ${f.ms ?? 0}ms`);
      } else {
        terminal = f;
        labels.push(
          f.kind === "drop"
            ? `drop ${f.when ?? "before"}`
            : `status ${f.status ?? 503}${f.when === "after" ? " after" : ""}`,
        );
      }
    }
    return { latencyMs, terminal, labels };
  }
}
