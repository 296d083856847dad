/** What happened to a session, oldest first: each verified event and each activity the store recorded. */
import { Text } from "@medusajs/ui";
import type { ClientLoopSession } from "../lib/api";

interface Entry {
  at: string;
  what: string;
  detail: string;
}

const KIND: Record<string, string> = {
  session: "Session",
  delivery: "Delivery",
  cancel: "Cancel",
  link: "Link",
  order: "Order",
};

function entriesOf(session: ClientLoopSession): Entry[] {
  const events = session.events.map((e) => ({
    at: e.occurred_at,
    what: `Verified event ${e.type}`,
    detail: `${e.status}, ${e.amount} ${e.currency_code}; delivered ${e.deliveries}×`,
  }));
  const activity = session.timeline.map((a) => ({
    at: a.created_at,
    what: `${KIND[a.kind] ?? a.kind} ${a.outcome}`,
    detail: a.detail ?? "",
  }));
  return [...events, ...activity].sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime());
}

export function Timeline({ session }: { session: ClientLoopSession }) {
  const entries = entriesOf(session);
  return (
    <div className="px-6 py-4">
      <Text size="small" weight="plus" className="mb-2">
        Timeline
      </Text>
      <ol className="flex flex-col gap-y-2" data-testid="clientloop-timeline">
        {entries.map((e, i) => (
          <li key={i} className="grid grid-cols-[10rem_1fr] gap-x-4" data-testid="clientloop-timeline-entry">
            <Text size="xsmall" className="text-ui-fg-muted">
              {new Date(e.at).toLocaleString()}
            </Text>
            <div>
              <Text size="small" weight="plus" leading="compact">
                {e.what}
              </Text>
              {e.detail && (
                <Text size="xsmall" className="text-ui-fg-subtle break-all">
                  {e.detail}
                </Text>
              )}
            </div>
          </li>
        ))}
        {!entries.length && (
          <Text size="small" className="text-ui-fg-muted">
            Nothing recorded yet.
          </Text>
        )}
      </ol>
    </div>
  );
}
