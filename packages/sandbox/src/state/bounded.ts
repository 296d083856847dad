/** An append-only list that keeps only the newest `max` items: sandboxes run for hours. */
export class BoundedList<T> {
  private items: T[] = [];
  constructor(private readonly max: number) {}

  push(item: T): void {
    this.items.push(item);
    // trim in batches so a full list does not shift on every push
    if (this.items.length > this.max * 1.1 + 10) this.items = this.items.slice(this.items.length - this.max);
  }

  /** Newest `max` items, oldest first. */
  all(): T[] {
    return this.items.length > this.max ? this.items.slice(this.items.length - this.max) : [...this.items];
  }

  clear(): void {
    this.items = [];
  }
}
