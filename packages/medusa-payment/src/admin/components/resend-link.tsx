/**
 * "Resend link" by email or SMS through the Admin API. The recipient is the admin's to choose
 * (e.g. the address the customer gives on the phone); empty sends to the contact ClientLoop has.
 */
import { Button, Input, Label, Text, toast } from "@medusajs/ui";
import { useState } from "react";
import { sendLink, type ClientLoopSession } from "../lib/api";

type Channel = "Email" | "Phone";

export function ResendLink({ session, onSent }: { session: ClientLoopSession; onSent?: () => void }) {
  const [channel, setChannel] = useState<Channel>("Email");
  const [to, setTo] = useState("");
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);

  async function send() {
    setBusy(true);
    setResult(null);
    try {
      await sendLink(session.id, channel, to);
      const text = `Link sent by ${channel === "Email" ? "email" : "SMS"}${to.trim() ? ` to ${to.trim()}` : ""}`;
      setResult({ ok: true, text });
      toast.success(text);
      onSent?.();
    } catch (e) {
      setResult({ ok: false, text: (e as Error).message });
      toast.error((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="flex flex-col gap-y-3 px-6 py-4" data-testid="clientloop-resend">
      <Text size="small" weight="plus">
        Resend link
      </Text>
      <div className="flex gap-x-2">
        {(["Email", "Phone"] as const).map((c) => (
          <Button
            key={c}
            size="small"
            variant={channel === c ? "primary" : "secondary"}
            onClick={() => setChannel(c)}
            data-testid={`clientloop-channel-${c === "Email" ? "email" : "sms"}`}
          >
            {c === "Email" ? "Email" : "SMS"}
          </Button>
        ))}
      </div>
      <div className="flex flex-col gap-y-1">
        <Label size="small" htmlFor={`clientloop-to-${session.id}`}>
          {channel === "Email" ? "Email address" : "Phone number (E.164)"}
        </Label>
        <Input
          id={`clientloop-to-${session.id}`}
          size="small"
          value={to}
          onChange={(e) => setTo(e.target.value)}
          placeholder={channel === "Email" ? "The customer's contact in ClientLoop" : "+14155550100"}
          data-testid="clientloop-recipient"
        />
      </div>
      <div>
        <Button size="small" isLoading={busy} onClick={send} data-testid="clientloop-send">
          Resend link
        </Button>
      </div>
      {result && (
        <Text
          size="small"
          className={result.ok ? "text-ui-fg-interactive" : "text-ui-fg-error"}
          data-testid="clientloop-send-result"
        >
          {result.text}
        </Text>
      )}
    </div>
  );
}
