/** Small helpers over node:http: bodies, JSON/HTML answers, request ids. */
import type { IncomingMessage, ServerResponse } from "node:http";
import { randomId } from "./ids.js";

export const MAX_BODY_BYTES = 1024 * 1024;

export class BodyTooLargeError extends Error {}

export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new BodyTooLargeError(`request body larger than ${limit} bytes`));
        req.removeAllListeners("data");
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

export function newRequestId(): string {
  return randomId("req");
}

export function send(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string | Buffer,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent || res.destroyed) return;
  const buf = typeof body === "string" ? Buffer.from(body) : body;
  res.writeHead(status, { ...headers, "content-type": contentType, "content-length": String(buf.length) });
  res.end(buf);
}

export function sendJson(
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): void {
  send(res, status, "application/json; charset=utf-8", JSON.stringify(value), headers);
}

export function sendHtml(
  res: ServerResponse,
  status: number,
  html: string,
  headers: Record<string, string> = {},
): void {
  send(res, status, "text/html; charset=utf-8", html, {
    // the pages carry no script; images may come from the merchant's logo/product URLs
    "content-security-policy":
      "default-src 'none'; img-src http: https: data:; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
    ...headers,
  });
}

export function redirect(res: ServerResponse, location: string): void {
  if (res.headersSent) return;
  res.writeHead(303, { location, "content-length": "0", "cache-control": "no-store" });
  res.end();
}

/** Parses a urlencoded or JSON body into an object (control API and hosted-page forms). */
export function parseFormOrJson(req: IncomingMessage, body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  const type = req.headers["content-type"] ?? "";
  if (type.includes("application/x-www-form-urlencoded"))
    return Object.fromEntries(new URLSearchParams(body.toString("utf8")));
  const value: unknown = JSON.parse(body.toString("utf8"));
  if (!value || typeof value !== "object" || Array.isArray(value))
    throw new TypeError("the body must be a JSON object");
  return value as Record<string, unknown>;
}
