/**
 * GraphQL over HTTP on POST / (and GET / for queries): runs the request through the steps of
 * steps.ts (media type, method, authentication, parameters, operation, faults, Idempotency-Key,
 * execution) and sends the answer one of them ends it with, with the status codes of the
 * GraphQL-over-HTTP spec and of docs/clientloop-contract.md. The hot path does no per-request
 * schema work: documents come parsed and validated from the cache.
 */
import { ERROR_CODES, HEADERS } from "@clientloop/core/pure";
import type { IncomingMessage, ServerResponse } from "node:http";
import { performance } from "node:perf_hooks";
import { send } from "../http.js";
import { contentTypeOf, JSON_TYPE } from "./media.js";
import { beginLog, requestErrors, STEPS, type Answer, type Exchange, type GraphQLHandlerDeps } from "./steps.js";

export class GraphQLHandler {
  constructor(private readonly d: GraphQLHandlerDeps) {}

  async handle(req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
    const x: Exchange = {
      req,
      res,
      requestId,
      started: performance.now(),
      media: JSON_TYPE,
      org: null,
      params: {},
      rawBody: EMPTY,
      document: null,
      operation: null,
      plan: null,
      idempotency: null,
      replay: false,
      entry: null,
    };
    for (const step of STEPS) {
      const pending = step(x, this.d);
      // only two steps are asynchronous (reading the body, injected latency): await only those
      const answer = pending instanceof Promise ? await pending : pending;
      if (answer) return this.reply(x, answer);
    }
  }

  private reply(x: Exchange, answer: Answer): void {
    // a fault "after": the work is done, the answer is lost
    const terminal = x.plan?.terminal;
    if (answer.kind === "fault" || (terminal && answer.kind === "response")) return this.fault(x);
    if (answer.kind === "response") return this.respond(x, answer.response, answer.headers);
    if (answer.kind === "request-errors") return this.respond(x, requestErrors(x.media, answer.errors));
    this.error(x, answer.status, answer.code, answer.message, answer.headers);
  }

  private error(x: Exchange, status: number, code: string, message: string, headers?: Record<string, string>): void {
    this.respond(
      x,
      {
        status,
        contentType: contentTypeOf(x.media),
        body: JSON.stringify({ errors: [{ message, extensions: { code } }] }),
      },
      headers,
    );
  }

  private fault(x: Exchange): void {
    const fault = x.plan!.terminal!;
    if (fault.kind === "drop") {
      this.log(x, "dropped");
      x.req.socket.destroy();
      return;
    }
    const status = fault.status ?? 503;
    if (status === 429) {
      this.error(
        x,
        429,
        ERROR_CODES.RATE_LIMITED,
        "Too many requests (injected fault); the request was not processed",
        { [HEADERS.retryAfter]: String(fault.retryAfter ?? 1) },
      );
    } else if (status === 503) {
      this.error(
        x,
        503,
        ERROR_CODES.SERVICE_UNAVAILABLE,
        "Service unavailable (injected fault); the request was not processed",
        { [HEADERS.retryAfter]: String(fault.retryAfter ?? 1) },
      );
    } else {
      this.error(x, 500, ERROR_CODES.INTERNAL_SERVER_ERROR, "Internal server error (injected fault)");
    }
  }

  private respond(
    x: Exchange,
    r: { status: number; contentType: string; body: string | Buffer },
    headers?: Record<string, string>,
  ): void {
    send(x.res, r.status, r.contentType, r.body, headers);
    this.log(x, r.status);
  }

  private log(x: Exchange, status: number | "dropped"): void {
    const entry = beginLog(x, this.d);
    entry.idempotentReplay = x.replay;
    const labels = x.plan?.labels;
    entry.fault = labels?.length ? labels.join(", ") : null;
    this.d.requests.end(entry, status, Math.round((performance.now() - x.started) * 100) / 100);
  }
}

const EMPTY = Buffer.alloc(0);
