/**
 * The HTTP under graphql-request on Node when no `fetch` is given: one `http.request` (or
 * `https.request`) through Node's global agents (keep-alive, the server's Keep-Alive hint,
 * NODE_USE_ENV_PROXY, CA and socket settings made there), answering with a real `Response` of
 * the buffered body.
 *
 * Why not the global fetch: per call it builds a Request, web streams and a FinalizationRegistry
 * entry for the attempt's AbortSignal, which costs more on loopback than graphql-request and
 * validation together (bench/client-overhead.mjs). This does only what graphql-request asks of
 * fetch: one request with a string body and its answer. It follows no redirect (the API key is
 * never sent on to another address; a 3xx is returned as it is) and asks for no compression.
 */
import type * as Http from "node:http";
import { createRequire } from "node:module";

/** What graphql-request calls: `fetch(url, { method, headers, body, signal })`. */
export type FetchLike = (input: string | URL, init?: RequestInit) => Promise<Response>;

/** An answer larger than this is cut off as a lost connection: no GraphQL answer of ClientLoop comes near it. */
const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

/** Statuses whose Response must have no body. */
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

const requireFromHere = createRequire(import.meta.url);

/** A fetch over Node's http and https modules (loaded now, so call it on first use). */
export function createNodeFetch(): FetchLike {
  const http = requireFromHere("node:http") as typeof Http;
  const https = requireFromHere("node:https") as typeof Http; // the same request() signature
  return (input, init = {}) =>
    new Promise<Response>((resolve, reject) => {
      const url = typeof input === "string" ? new URL(input) : input;
      const signal = init.signal ?? undefined;
      if (signal?.aborted) return reject(signal.reason);
      const request = (url.protocol === "https:" ? https : http).request(url, {
        method: init.method ?? "GET",
        headers: headerRecord(init.headers),
      });
      const onAbort = () => request.destroy(signal!.reason instanceof Error ? signal!.reason : new Error("aborted"));
      const settle = () => signal?.removeEventListener("abort", onAbort);
      const fail = (error: unknown) => {
        settle();
        reject(error);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      request.on("error", fail); // `on`: a destroyed request may report more than one error
      request.once("response", (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_RESPONSE_BYTES) {
            request.destroy(Object.assign(new Error("response too large"), { code: "ERR_RESPONSE_TOO_LARGE" }));
          } else chunks.push(chunk);
        });
        res.on("error", fail);
        // A body cut short (the socket destroyed by a timeout, an abort or the server) closes
        // without `complete`. Whichever error comes first settles the promise.
        res.once("close", () => {
          if (!res.complete) fail(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }));
        });
        res.once("end", () => {
          settle();
          try {
            resolve(toResponse(res, chunks));
          } catch (error) {
            reject(error); // a status the Response class refuses (above 599)
          }
        });
      });
      request.end(init.body as string | undefined);
    });
}

function headerRecord(headers: HeadersInit | undefined): Record<string, string> {
  if (!headers) return {};
  if (headers instanceof Headers || Array.isArray(headers)) return Object.fromEntries(headers);
  return headers as Record<string, string>;
}

function toResponse(res: Http.IncomingMessage, chunks: Buffer[]): Response {
  const status = res.statusCode ?? 0;
  const headers = new Headers();
  const raw = res.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!);
  const body = NULL_BODY_STATUSES.has(status) ? null : chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
  return new Response(body as Uint8Array<ArrayBuffer> | null, { status, statusText: res.statusMessage, headers });
}
