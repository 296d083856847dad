/**
 * Idempotency-Key as the contract says: the same key (per organization) and the same body
 * within 24 h get the stored response; a different body gets IDEMPOTENCY_KEY_REUSED. Entries
 * expire on the sandbox clock and the map is bounded.
 */
import { createHash } from "node:crypto";

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

export interface StoredResponse {
  status: number;
  contentType: string;
  body: Buffer;
}

interface Entry extends StoredResponse {
  fingerprint: string;
  expiresAt: number;
}

export type IdempotencyLookup =
  { kind: "miss"; fingerprint: string } | { kind: "replay"; response: StoredResponse } | { kind: "conflict" };

export class IdempotencyStore {
  private readonly entries = new Map<string, Entry>();
  constructor(private readonly max = 10_000) {}

  lookup(orgId: string, key: string, rawBody: Buffer, now: number): IdempotencyLookup {
    const fingerprint = createHash("sha256").update(rawBody).digest("base64");
    const entry = this.entries.get(`${orgId}\u0000${key}`);
    if (!entry || entry.expiresAt <= now) return { kind: "miss", fingerprint };
    if (entry.fingerprint !== fingerprint) return { kind: "conflict" };
    return { kind: "replay", response: entry };
  }

  store(orgId: string, key: string, fingerprint: string, response: StoredResponse, now: number): void {
    const id = `${orgId}\u0000${key}`;
    this.entries.delete(id); // re-insert at the end: the Map's order is the eviction order
    this.entries.set(id, { ...response, fingerprint, expiresAt: now + IDEMPOTENCY_TTL_MS });
    if (this.entries.size > this.max) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
