// GraphQL over HTTP: authentication, content negotiation, status codes, request ids.
import { ERROR_CODES, schemaSDL } from "@clientloop/core/pure";
import { buildClientSchema, buildSchema, getIntrospectionQuery, printSchema } from "graphql";
import { serverAudits } from "graphql-http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../src/index.js";
import { CREATE, create, firstError, post } from "./helpers.js";

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ port: 0 });
});
afterAll(() => sb.stop());

const GQL = "application/graphql-response+json";

describe("authentication", () => {
  it("rejects a request without a key with 401 UNAUTHENTICATED and no data", async () => {
    const r = await post({ url: sb.url, apiKey: "" }, { query: "{ __typename }" }, { authorization: "" });
    expect(r.status).toBe(401);
    expect(r.body.data).toBeUndefined();
    expect(firstError(r).extensions.code).toBe(ERROR_CODES.UNAUTHENTICATED);
    expect(r.headers.get("www-authenticate")).toMatch(/^Bearer/);
  });

  it("rejects a wrong key, without echoing it", async () => {
    const r = await post(
      { url: sb.url, apiKey: "sk_wrong_secret_value" },
      { query: CREATE, variables: { input: { orgId: sb.orgId, amount: "1.00", currency: "USD" } } },
    );
    expect(r.status).toBe(401);
    expect(firstError(r).extensions.code).toBe(ERROR_CODES.UNAUTHENTICATED);
    expect(JSON.stringify(r.body)).not.toContain("sk_wrong_secret_value");
    expect(sb.listSessions()).toHaveLength(0);
  });

  it("rejects a non-Bearer scheme", async () => {
    const r = await post(sb, { query: "{ __typename }" }, { authorization: `Basic ${sb.apiKey}` });
    expect(r.status).toBe(401);
  });

  it("needs a key for introspection too", async () => {
    const r = await post({ url: sb.url, apiKey: "nope" }, { query: "{ __schema { queryType { name } } }" });
    expect(r.status).toBe(401);
  });

  it("accepts the cheap { __typename } key test", async () => {
    const r = await post(sb, { query: "{ __typename }" });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ data: { __typename: "Query" } });
  });
});

describe("responses", () => {
  it("answers application/json by default and graphql-response+json when accepted", async () => {
    const json = await post(sb, { query: "{ __typename }" });
    expect(json.headers.get("content-type")).toBe("application/json; charset=utf-8");
    const gql = await post(sb, { query: "{ __typename }" }, { accept: GQL });
    expect(gql.headers.get("content-type")).toBe(`${GQL}; charset=utf-8`);
    const pref = await post(sb, { query: "{ __typename }" }, { accept: `application/json;q=0.5, ${GQL}` });
    expect(pref.headers.get("content-type")).toContain(GQL);
  });

  it("answers 406 to an Accept it cannot serve", async () => {
    const r = await post(sb, { query: "{ __typename }" }, { accept: "text/html" });
    expect(r.status).toBe(406);
  });

  it("sets X-Request-Id on every response, distinct per request", async () => {
    const a = await post(sb, { query: "{ __typename }" });
    const b = await post({ url: sb.url, apiKey: "bad" }, { query: "{ __typename }" });
    const c = await fetch(`${sb.baseUrl}/_sandbox/sessions`);
    const d = await fetch(`${sb.baseUrl}/pay/nope`);
    const e = await fetch(`${sb.baseUrl}/nothing-here`);
    const ids = [a.headers, b.headers, c.headers, d.headers, e.headers].map((h) => h.get("x-request-id"));
    for (const id of ids) expect(id).toMatch(/^req_[0-9A-Za-z]{20}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("supports operationName to choose among several operations", async () => {
    const query = `query A { __typename } query B { t: __typename }`;
    const r = await post(sb, { query, operationName: "B" });
    expect(r.body).toEqual({ data: { t: "Query" } });
    const none = await post(sb, { query }, { accept: GQL });
    expect(none.status).toBe(400);
    const unknown = await post(sb, { query, operationName: "C" }, { accept: GQL });
    expect(unknown.status).toBe(400);
    expect(firstError(unknown).extensions.code).toBe(ERROR_CODES.GRAPHQL_VALIDATION_FAILED);
  });

  it("has introspection on by default", async () => {
    const r = await post(sb, { query: "{ __schema { mutationType { fields { name } } } }" });
    expect(r.body.data.__schema.mutationType.fields.map((f: { name: string }) => f.name)).toEqual([
      "createPaymentSession",
      "updatePaymentSession",
      "sendPaymentSessionLink",
    ]);
  });

  it("serves exactly core's schema (introspected schema = schema.graphql)", async () => {
    const r = await post(sb, { query: getIntrospectionQuery({ descriptions: true }) });
    expect(printSchema(buildClientSchema(r.body.data))).toBe(printSchema(buildSchema(schemaSDL)));
  });

  it("can turn introspection off", async () => {
    const closed = await startSandbox({ port: 0, introspection: false });
    try {
      const r = await post(closed, { query: "{ __schema { queryType { name } } }" }, { accept: GQL });
      expect(r.status).toBe(400);
      expect(firstError(r).extensions.code).toBe(ERROR_CODES.GRAPHQL_VALIDATION_FAILED);
    } finally {
      await closed.stop();
    }
  });

  it("serves GET for queries and refuses mutations over GET with 405", async () => {
    const q = await fetch(`${sb.url}?query=${encodeURIComponent("{ __typename }")}`, {
      headers: { authorization: `Bearer ${sb.apiKey}` },
    });
    expect(await q.json()).toEqual({ data: { __typename: "Query" } });
    const m = await fetch(`${sb.url}?query=${encodeURIComponent(CREATE)}`, {
      headers: { authorization: `Bearer ${sb.apiKey}` },
    });
    expect(m.status).toBe(405);
    expect(m.headers.get("allow")).toBe("POST");
  });
});

describe("malformed requests", () => {
  const cases: [string, string | object, number, number, string][] = [
    ["invalid JSON", "{not json", 400, 400, "BAD_REQUEST"],
    ["a JSON array", "[]", 400, 400, "BAD_REQUEST"],
    ["no query", { variables: {} }, 400, 400, "BAD_REQUEST"],
    ["a non-string query", { query: 42 }, 400, 400, "BAD_REQUEST"],
    ["non-object variables", { query: "{ __typename }", variables: [1] }, 400, 400, "BAD_REQUEST"],
    ["a parse error", { query: "mutation {" }, 400, 200, ERROR_CODES.GRAPHQL_PARSE_FAILED],
    ["a validation error", { query: "{ nope }" }, 400, 200, ERROR_CODES.GRAPHQL_VALIDATION_FAILED],
    ["a missing required variable", { query: CREATE }, 400, 200, ERROR_CODES.BAD_USER_INPUT],
  ];
  for (const [what, body, gqlStatus, jsonStatus, code] of cases) {
    it(`answers ${what} with ${gqlStatus} (graphql-response+json) / ${jsonStatus} (json) and ${code}`, async () => {
      const a = await post(sb, body, { accept: GQL });
      expect(a.status).toBe(gqlStatus);
      expect(a.body.data).toBeUndefined();
      expect(firstError(a).extensions.code).toBe(code);
      const b = await post(sb, body, { accept: "application/json" });
      expect(b.status).toBe(jsonStatus);
      expect(firstError(b).extensions.code).toBe(code);
    });
  }

  it("answers 415 to a body that is not JSON", async () => {
    const res = await fetch(sb.url, {
      method: "POST",
      headers: { authorization: `Bearer ${sb.apiKey}`, "content-type": "text/plain" },
      body: "{ __typename }",
    });
    expect(res.status).toBe(415);
  });

  it("answers 413 to an oversized body", async () => {
    const r = await post(sb, { query: "{ __typename }", pad: "x".repeat(1_100_000) });
    expect(r.status).toBe(413);
  });

  it("answers 405 to other methods", async () => {
    const res = await fetch(sb.url, { method: "PUT", headers: { authorization: `Bearer ${sb.apiKey}` } });
    expect(res.status).toBe(405);
  });

  it("does not echo variable values in coercion errors", async () => {
    const r = await post(
      sb,
      {
        query: CREATE,
        variables: { input: { orgId: sb.orgId, amount: "1.00", currency: "USD", secretField: "jane@example.com" } },
      },
      { accept: GQL },
    );
    expect(r.status).toBe(400);
    expect(firstError(r)).toMatchObject({
      message: "input.secretField: is not a field of CreatePaymentSessionInput",
      extensions: { code: "BAD_USER_INPUT", field: "input.secretField" },
    });
    expect(JSON.stringify(r.body)).not.toContain("jane@example.com");
  });

  it("creates nothing for malformed requests", async () => {
    expect(sb.listSessions()).toHaveLength(0);
    await create(sb);
    expect(sb.listSessions()).toHaveLength(1);
  });
});

describe("GraphQL-over-HTTP audit (graphql-http's serverAudits)", () => {
  it("passes every MUST audit", async () => {
    const audits = serverAudits({
      url: sb.url,
      fetchFn: (input: RequestInfo | URL, init?: RequestInit) => {
        const headers = new Headers(init?.headers);
        headers.set("authorization", `Bearer ${sb.apiKey}`);
        return fetch(input, { ...init, headers });
      },
    });
    const failed: string[] = [];
    for (const audit of audits) {
      const result = await audit.fn();
      if (result.status !== "ok" && audit.name.startsWith("MUST")) failed.push(`${audit.name}: ${result.reason}`);
    }
    expect(failed).toEqual([]);
  });
});
