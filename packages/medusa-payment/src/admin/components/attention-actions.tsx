/**
 * What an admin can do about a paid session without an order: retry creating the order (once
 * the cause is fixed), or record what was done outside the store (refunded in ClientLoop, order
 * created by hand) so it leaves the list.
 */
import { Button, Input, Label, Text, toast } from "@medusajs/ui";
import { useState } from "react";
import { resolveSession, retryOrder, type ClientLoopSession } from "../lib/api";

const RETRYABLE = new Set(["cart_cannot_complete", "order_retrying"]);

export function AttentionActions({ session, onChanged }: { session: ClientLoopSession; onChanged?: () => void }) {
  const [resolution, setResolution] = useState("");
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  async function run(action: () => Promise<string>) {
    setBusy(true);
    setMessage(null);
    try {
      const text = await action();
      setMessage({ ok: true, text });
      toast.success(text);
      onChanged?.();
    } catch (e) {
      setMessage({ ok: false, text: (e as Error).message });
      toast.error((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="flex flex-col gap-y-3 px-6 py-4" data-testid="clientloop-attention-actions">
      {RETRYABLE.has(session.attention?.reason ?? "") && (
        <div>
          <Button
            size="small"
            variant="secondary"
            isLoading={busy}
            data-testid="clientloop-retry-order"
            onClick={() => run(async () => `Order: ${(await retryOrder(session.id)).outcome}`)}
          >
            Retry creating the order
          </Button>
        </div>
      )}
      <div className="flex items-end gap-x-2">
        <div className="flex grow flex-col gap-y-1">
          <Label size="small" htmlFor={`clientloop-resolution-${session.id}`}>
            What was done
          </Label>
          <Input
            id={`clientloop-resolution-${session.id}`}
            size="small"
            placeholder="e.g. refunded in ClientLoop"
            value={resolution}
            onChange={(e) => setResolution(e.target.value)}
            data-testid="clientloop-resolution"
          />
        </div>
        <Button
          size="small"
          isLoading={busy}
          disabled={!resolution.trim()}
          data-testid="clientloop-resolve"
          onClick={() => run(async () => (await resolveSession(session.id, resolution.trim()), "Marked resolved"))}
        >
          Mark resolved
        </Button>
      </div>
      {message && (
        <Text size="small" className={message.ok ? "text-ui-fg-interactive" : "text-ui-fg-error"}>
          {message.text}
        </Text>
      )}
    </div>
  );
}
