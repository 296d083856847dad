/**
 * A storefront and an admin, over HTTP, for the e2e tests and the benchmark: carts, payment
 * sessions, cart completion, the ClientLoop status route, and raw callback posts.
 */
import { request as httpRequest } from "node:http";
import type { Sandbox } from "@clientloop/sandbox";

export interface Seed {
  publishableKey: string;
  secretKey: string;
  shippingOptionId: string;
  regions: Record<"usd" | "jpy" | "kwd", { id: string; currency_code: string; country_code: string }>;
  variants: Record<"tee" | "mug" | "sticker", string>;
  providers: { clientloop: string; system: string };
}

export interface HttpResult<T = any> {
  status: number;
  body: T;
}

export type Currency = "usd" | "jpy" | "kwd";

export class Shop {
  constructor(
    readonly url: string,
    readonly seed: Seed,
    readonly sandbox: Sandbox,
  ) {}

  async request<T = any>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<HttpResult<T>> {
    const res = await fetch(`${this.url}${path}`, {
      method,
      headers: { "content-type": "application/json", ...headers },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: any = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {}
    return { status: res.status, body: parsed };
  }

  /** A Store API request; `token` makes it a logged-in customer's. */
  store<T = any>(method: string, path: string, body?: unknown, token?: string) {
    return this.request<T>(method, path, body, {
      "x-publishable-api-key": this.seed.publishableKey,
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    });
  }

  /** Registers and logs in a new customer; returns their email and bearer token. */
  async registerCustomer(
    email = `customer+${Math.random().toString(36).slice(2, 8)}@example.com`,
    password = "correct-horse-battery",
  ) {
    const registered = this.ok(
      await this.request("POST", "/auth/customer/emailpass/register", { email, password }),
      "register",
    );
    this.ok(
      await this.store(
        "POST",
        "/store/customers",
        { email, first_name: "Grace", last_name: "Hopper", phone: "+14155550199" },
        registered.token,
      ),
      "create customer",
    );
    const { token } = this.ok(await this.request("POST", "/auth/customer/emailpass", { email, password }), "login");
    return { email, token: token as string };
  }

  /**
   * A store request from another loopback address (127.0.0.x), as a different client would
   * send it: for per-client-IP limits. `headers` may forge X-Forwarded-For.
   */
  storeFrom<T = any>(
    localAddress: string,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<HttpResult<T>> {
    const url = new URL(`${this.url}${path}`);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname + url.search,
          method,
          localAddress,
          headers: {
            "content-type": "application/json",
            "x-publishable-api-key": this.seed.publishableKey,
            ...headers,
          },
        },
        (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (d) => (text += d));
          res.on("end", () => {
            let parsed: any = text;
            try {
              parsed = text ? JSON.parse(text) : undefined;
            } catch {}
            resolve({ status: res.statusCode ?? 0, body: parsed });
          });
        },
      );
      req.on("error", reject);
      req.end(payload);
    });
  }

  admin<T = any>(method: string, path: string, body?: unknown) {
    return this.request<T>(method, path, body, {
      authorization: `Basic ${Buffer.from(`${this.seed.secretKey}:`).toString("base64")}`,
    });
  }

  private ok<T>(r: HttpResult<T>, what: string): T {
    if (r.status >= 300) throw new Error(`${what}: HTTP ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  }

  /** A cart ready for payment: items, addresses, shipping method. */
  async cart(
    currency: Currency = "usd",
    items: { variant: keyof Seed["variants"]; quantity?: number }[] = [{ variant: "tee" }],
    email = `buyer+${Math.random().toString(36).slice(2, 8)}@example.com`,
    token?: string,
  ) {
    const region = this.seed.regions[currency];
    const address = {
      first_name: "Ada",
      last_name: "Lovelace",
      address_1: "1 Main St",
      city: "Town",
      postal_code: "10001",
      country_code: region.country_code,
      phone: "+14155554345",
    };
    const { cart } = this.ok(
      await this.store(
        "POST",
        "/store/carts",
        {
          region_id: region.id,
          email,
          items: items.map((i) => ({ variant_id: this.seed.variants[i.variant], quantity: i.quantity ?? 1 })),
          shipping_address: address,
          billing_address: address,
        },
        token,
      ),
      "create cart",
    );
    this.ok(
      await this.store(
        "POST",
        `/store/carts/${cart.id}/shipping-methods`,
        { option_id: this.seed.shippingOptionId },
        token,
      ),
      "add shipping",
    );
    return (await this.getCart(cart.id)) as { id: string; total: number; email: string; currency_code: string };
  }

  async getCart(id: string) {
    return this.ok(
      await this.store(
        "GET",
        `/store/carts/${id}?fields=+total,+payment_collection.id,*payment_collection.payment_sessions`,
      ),
      "get cart",
    ).cart;
  }

  async addItem(cartId: string, variant: keyof Seed["variants"], quantity = 1) {
    return this.ok(
      await this.store("POST", `/store/carts/${cartId}/line-items`, {
        variant_id: this.seed.variants[variant],
        quantity,
      }),
      "add item",
    ).cart;
  }

  async paymentCollection(cartId: string): Promise<string> {
    const cart = await this.getCart(cartId);
    if (cart.payment_collection?.id) return cart.payment_collection.id;
    return this.ok(await this.store("POST", "/store/payment-collections", { cart_id: cartId }), "payment collection")
      .payment_collection.id;
  }

  /** POST a payment session; returns the raw HTTP result. */
  async initiateRaw(
    cartId: string,
    providerId = this.seed.providers.clientloop,
    data?: Record<string, unknown>,
    token?: string,
  ) {
    const pc = await this.paymentCollection(cartId);
    return this.store(
      "POST",
      `/store/payment-collections/${pc}/payment-sessions`,
      { provider_id: providerId, ...(data ? { data } : {}) },
      token,
    );
  }

  /** Starts a ClientLoop payment like the storefront does (guest email and cart id in data). */
  async startClientLoop(cart: { id: string; email: string }, extraData: Record<string, unknown> = {}, token?: string) {
    const r = await this.initiateRaw(
      cart.id,
      this.seed.providers.clientloop,
      { email: cart.email, cart_id: cart.id, ...extraData },
      token,
    );
    const pc = this.ok(r, "initiate payment session").payment_collection;
    const session = pc.payment_sessions.find((s: any) => s.provider_id === this.seed.providers.clientloop);
    return { paymentCollection: pc, session, clientloopId: this.clientloopIdOf(session.id) };
  }

  /** The ClientLoop session created for a Medusa payment session (its transactionRef). */
  clientloopIdOf(paymentSessionId: string): string {
    const remote = this.sandbox.listSessions().find((s) => s.transactionRef === paymentSessionId);
    if (!remote) throw new Error(`no ClientLoop session for ${paymentSessionId}`);
    return remote.id;
  }

  complete(cartId: string) {
    return this.store("POST", `/store/carts/${cartId}/complete`);
  }

  status(cartId: string) {
    return this.store("GET", `/store/clientloop/carts/${cartId}/status`);
  }

  /** What the return page does: poll the status route until paid (or final), then complete. */
  async returnPage(cartId: string, { timeoutMs = 60_000, intervalMs = 100 } = {}) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const s = (await this.status(cartId)).body;
      if (s.completed) return { orderId: s.order_id as string, via: "status" };
      if (s.payment_status === "paid") {
        const r = await this.complete(cartId);
        if (r.status === 200 && r.body.type === "order") return { orderId: r.body.order.id as string, via: "complete" };
      } else if (s.payment_status !== "pending") {
        return { orderId: null, via: s.payment_status as string };
      }
      if (Date.now() > deadline) throw new Error(`cart ${cartId} not completed in time: ${JSON.stringify(s)}`);
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }

  /**
   * Waits for the cart's order and its captured payment (Medusa creates the order first and the
   * payment last, so the order alone is not the end of it).
   */
  async waitForOrder(cartId: string, timeoutMs = 90_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const s = (await this.status(cartId)).body;
      if (s.completed) {
        // (the order may not be readable yet while completeCartWorkflow is still running)
        const r = await this.admin(
          "GET",
          `/admin/orders/${s.order_id}?fields=${encodeURIComponent("id,*payment_collections.payments.captures")}`,
        );
        if (
          r.status === 200 &&
          r.body.order.payment_collections?.some((pc: any) => pc.payments?.some((p: any) => p.captures?.length))
        )
          return s.order_id;
      }
      if (Date.now() > deadline) throw new Error(`no paid order for ${cartId}: ${JSON.stringify(s)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** The order with its payments and captures, from the admin API. */
  async order(orderId: string) {
    const fields =
      "id,total,currency_code,*payment_collections,*payment_collections.payments,*payment_collections.payments.captures,*payment_collections.payments.refunds";
    return this.ok(
      await this.admin("GET", `/admin/orders/${orderId}?fields=${encodeURIComponent(fields)}`),
      "admin order",
    ).order;
  }

  /** The customer pays on the hosted page (the sandbox's form); returns where ClientLoop redirects them. */
  async payOnHostedPage(link: string): Promise<{ status: number; location: string | null }> {
    const res = await fetch(`${link.replace(/\/$/, "")}/pay`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "",
    });
    await res.arrayBuffer();
    return { status: res.status, location: res.headers.get("location") };
  }

  /** POSTs a callback body to a URL as ClientLoop would. */
  async postCallback(url: string, body: string, headers: Record<string, string>) {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "ClientLoop-Webhooks/1", ...headers },
      body,
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }
}

export async function until<T>(
  fn: () => Promise<T | undefined | null | false>,
  { timeoutMs = 30_000, intervalMs = 100, what = "condition" } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
