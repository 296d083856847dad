/**
 * Direct reads of the store's Postgres, to count what the API could hide (orders per cart,
 * captures). A small pool: scenarios read while other requests of theirs are in flight, and one
 * client cannot run two queries at once.
 */
import pg from "pg";

export class Db {
  readonly #pool: pg.Pool;
  constructor(url: string) {
    this.#pool = new pg.Pool({ connectionString: url, max: 3 });
  }
  /** Fails early, with the database's own error, when the store's database cannot be reached. */
  async connect() {
    (await this.#pool.connect()).release();
  }
  end() {
    return this.#pool.end();
  }
  async query<T = any>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.#pool.query(sql, params)).rows as T[];
  }
  /** Orders created for a cart (the cart↔order link rows). */
  async ordersOfCart(cartId: string): Promise<string[]> {
    return (
      await this.query<{ order_id: string }>(
        `SELECT order_id FROM order_cart WHERE cart_id = $1 AND deleted_at IS NULL`,
        [cartId],
      )
    ).map((r) => r.order_id);
  }
  /** Payments and captures of a payment collection. */
  async paymentsOf(paymentCollectionId: string) {
    return this.query<{
      id: string;
      amount: string;
      captured_at: Date | null;
      captures: string;
      captured: string | null;
    }>(
      `SELECT p.id, p.amount::text AS amount, p.captured_at,
              (SELECT count(*) FROM capture c WHERE c.payment_id = p.id AND c.deleted_at IS NULL)::text AS captures,
              (SELECT sum(c.amount)::text FROM capture c WHERE c.payment_id = p.id AND c.deleted_at IS NULL) AS captured
         FROM payment p WHERE p.payment_collection_id = $1 AND p.deleted_at IS NULL`,
      [paymentCollectionId],
    );
  }
  async session(id: string) {
    return (
      await this.query(
        `SELECT id, status, amount::text AS amount, currency_code, data, deleted_at FROM payment_session WHERE id = $1`,
        [id],
      )
    )[0];
  }
  /** The plugin's ledger entry of a Medusa payment session. */
  async ledger(paymentSessionId: string) {
    return (await this.query(`SELECT * FROM clientloop_session WHERE payment_session_id = $1`, [paymentSessionId]))[0];
  }
  /** The ledger's timeline of a payment session, oldest first. */
  async activity(paymentSessionId: string) {
    return this.query<{ kind: string; outcome: string; detail: string | null }>(
      `SELECT kind, outcome, detail FROM clientloop_activity WHERE payment_session_id = $1 ORDER BY created_at, id`,
      [paymentSessionId],
    );
  }
}
