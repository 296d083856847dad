/**
 * On the order page: the order's ClientLoop payment(s) from the plugin's ledger — status, amount,
 * currency, ClientLoop ids, the link while payable, expiry — with their timeline. Orders paid
 * otherwise show nothing.
 */
import { defineWidgetConfig } from "@medusajs/admin-sdk";
import type { AdminOrder, DetailWidgetProps } from "@medusajs/framework/types";
import { Container, Text } from "@medusajs/ui";
import { SessionCard } from "../components/session-card";
import { sessionsOfOrder } from "../lib/api";
import { useLoad } from "../lib/use-load";

const ClientLoopOrderWidget = ({ data: order }: DetailWidgetProps<AdminOrder>) => {
  const { data, error, reload } = useLoad(() => sessionsOfOrder(order.id), [order.id]);
  if (error)
    return (
      <Container data-testid="clientloop-widget-error">
        <Text size="small" className="text-ui-fg-error">
          ClientLoop: {error}
        </Text>
      </Container>
    );
  if (!data?.sessions.length) return null;
  // newest first: the one that paid (or the one to send) is what the admin looks for
  const sessions = [...data.sessions].reverse();
  return (
    <div className="flex flex-col gap-y-3" data-testid="clientloop-widget">
      {sessions.map((s) => (
        <SessionCard key={s.id} session={s} onChanged={reload} />
      ))}
    </div>
  );
};

export const config = defineWidgetConfig({ zone: "order.details.after" });

export default ClientLoopOrderWidget;
