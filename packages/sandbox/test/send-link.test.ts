// sendPaymentSessionLink and the outbox.
import { ERROR_CODES } from "@clientloop/core/pure";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../src/index.js";
import { created, firstError, send } from "./helpers.js";

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ port: 0 });
});
afterAll(() => sb.stop());

describe("sendPaymentSessionLink", () => {
  it("sends to the contact's email and phone and records it in the outbox", async () => {
    const s = await created(sb, { contactId: "contact_jane" });
    const e = await send(sb, { id: s.id, channel: "Email" });
    expect(e.body.data.sendPaymentSessionLink).toEqual({
      success: true,
      message: "Payment session link sent by email",
    });
    await send(sb, { id: s.id, channel: "Phone" });
    const out = sb.outbox({ sessionId: s.id });
    expect(out.map((m) => [m.channel, m.recipient])).toEqual([
      ["Email", "jane.doe@example.com"],
      ["Phone", "+14155550100"],
    ]);
    for (const m of out) {
      expect(m.link).toBe(s.link);
      expect(Date.parse(m.sentAt)).toBeGreaterThan(0);
    }
  });

  it("uses contactRef's email/phone when there is no contactId", async () => {
    const s = await created(sb, { contactRef: { contactEmail: "ref@example.com" } });
    await send(sb, { id: s.id, channel: "Email" });
    expect(sb.outbox({ sessionId: s.id })[0]!.recipient).toBe("ref@example.com");
  });

  it("prefers `to` over the contact", async () => {
    const s = await created(sb, { contactId: "contact_jane" });
    await send(sb, { id: s.id, channel: "Phone", to: "+447700900123" });
    expect(sb.outbox({ sessionId: s.id })[0]!.recipient).toBe("+447700900123");
  });

  it("fails with NO_RECIPIENT (field input.to) when there is no recipient for the channel", async () => {
    const none = await created(sb);
    const a = await send(sb, { id: none.id, channel: "Email" });
    expect(firstError(a).extensions).toEqual({ code: ERROR_CODES.NO_RECIPIENT, field: "input.to" });
    const noPhone = await created(sb, { contactRef: { contactEmail: "only@example.com" } });
    expect(firstError(await send(sb, { id: noPhone.id, channel: "Phone" })).extensions.code).toBe(
      ERROR_CODES.NO_RECIPIENT,
    );
    const unreachable = await created(sb, { contactId: "contact_unreachable" });
    expect(firstError(await send(sb, { id: unreachable.id, channel: "Email" })).extensions.code).toBe(
      ERROR_CODES.NO_RECIPIENT,
    );
    expect(sb.outbox({ sessionId: none.id })).toHaveLength(0);
  });

  it("works only while Active", async () => {
    const s = await created(sb, { contactId: "contact_jane" });
    sb.completeSession(s.id);
    const r = await send(sb, { id: s.id, channel: "Email" });
    expect(firstError(r).extensions.code).toBe(ERROR_CODES.SESSION_NOT_ACTIVE);
  });

  it("answers NOT_FOUND for an unknown session", async () => {
    expect(firstError(await send(sb, { id: "ps_missing", channel: "Email", to: "a@example.com" })).extensions).toEqual({
      code: ERROR_CODES.NOT_FOUND,
      field: "input.id",
    });
  });

  it("serves the outbox over HTTP", async () => {
    const s = await created(sb, { contactId: "contact_jane" });
    await send(sb, { id: s.id, channel: "Email" });
    const res = await fetch(`${sb.baseUrl}/_sandbox/outbox?sessionId=${s.id}`);
    const body = await res.json();
    expect(body).toEqual([
      expect.objectContaining({
        channel: "Email",
        recipient: "jane.doe@example.com",
        link: s.link,
        sessionId: s.id,
        sentAt: expect.any(String),
      }),
    ]);
  });
});
