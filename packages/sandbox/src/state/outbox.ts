/** Messages the sandbox "sent" (a link by email or SMS): recorded, never delivered. */
import { randomId } from "../ids.js";
import type { OutboxMessage } from "../types.js";
import { BoundedList } from "./bounded.js";

export class Outbox {
  private readonly list: BoundedList<OutboxMessage>;
  constructor(max: number) {
    this.list = new BoundedList(max);
  }

  record(message: Omit<OutboxMessage, "id">): OutboxMessage {
    const entry = { id: randomId("msg"), ...message };
    this.list.push(entry);
    return entry;
  }

  messages(filter: { sessionId?: string; orgId?: string; channel?: string } = {}): OutboxMessage[] {
    return this.list
      .all()
      .filter(
        (m) =>
          (!filter.sessionId || m.sessionId === filter.sessionId) &&
          (!filter.orgId || m.orgId === filter.orgId) &&
          (!filter.channel || m.channel === filter.channel),
      );
  }

  clear(): void {
    this.list.clear();
  }
}
