/**
 * The hosted payment page at each session's `link` (`/pay/<id>`): pay or cancel. Paying
 * completes the session (its event fires) and redirects 303 to successUrl, or back to the
 * page, which then shows the paid state.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { readBody, redirect, sendHtml } from "../http.js";
import type { PaymentSessionOperations } from "../state/operations.js";
import type { OrgRegistry } from "../state/orgs.js";
import type { SessionStore } from "../state/sessions.js";
import { endStatePage, notFoundPage, paymentPage } from "./render.js";

export interface HostedPageDeps {
  store: SessionStore;
  ops: PaymentSessionOperations;
  orgs: OrgRegistry;
}

/** Handles `/pay/<id>` and `/pay/<id>/(pay|cancel)`; returns false for other paths. */
export async function handleHostedPage(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  d: HostedPageDeps,
): Promise<boolean> {
  const m = /^\/pay\/([^/]+)(?:\/(pay|cancel))?\/?$/.exec(path);
  if (!m) return false;
  let id: string;
  try {
    id = decodeURIComponent(m[1]!);
  } catch {
    sendHtml(res, 404, notFoundPage());
    return true;
  }
  const action = m[2];
  const record = d.store.get(id); // expires it first if its time has passed
  if (!record) {
    if (req.method === "POST") await readBody(req).catch(() => undefined);
    sendHtml(res, 404, notFoundPage());
    return true;
  }
  const orgName = d.orgs.get(record.orgId)?.name ?? "ClientLoop";

  if (!action) {
    if (req.method !== "GET" && req.method !== "HEAD") {
      sendHtml(res, 405, notFoundPage(), { allow: "GET" });
      return true;
    }
    const view = d.store.view(record);
    sendHtml(res, 200, record.status === "Active" ? paymentPage(view, orgName) : endStatePage(view, orgName));
    return true;
  }

  if (req.method !== "POST") {
    sendHtml(res, 405, notFoundPage(), { allow: "POST" });
    return true;
  }
  await readBody(req, 64 * 1024).catch(() => undefined);
  if (record.status !== "Active") {
    // a second click, or a link used after it expired: show the state, change nothing
    sendHtml(res, 409, endStatePage(d.store.view(record), orgName));
    return true;
  }
  if (action === "pay") {
    d.ops.complete(record);
    redirect(res, record.successUrl ?? `/pay/${encodeURIComponent(record.id)}`);
  } else {
    d.ops.cancel(record);
    redirect(res, `/pay/${encodeURIComponent(record.id)}`);
  }
  return true;
}
