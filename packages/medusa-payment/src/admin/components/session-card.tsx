/** One ClientLoop session as the admin sees it: what it is, what to do, what happened, and the resend action while payable. */
import type { ReactNode } from "react";
import { Badge, Container, Heading, StatusBadge, Text } from "@medusajs/ui";
import type { ClientLoopSession } from "../lib/api";
import { AttentionActions } from "./attention-actions";
import { ResendLink } from "./resend-link";
import { Timeline } from "./timeline";

const STATUS_COLOR: Record<string, "green" | "orange" | "red" | "grey" | "blue"> = {
  Completed: "green",
  Active: "blue",
  Expired: "grey",
  Canceled: "grey",
  creating: "orange",
};

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : "—");

function Row({ label, testId, children }: { label: string; testId: string; children: ReactNode }) {
  return (
    <div className="text-ui-fg-subtle grid grid-cols-2 items-center px-6 py-3">
      <Text size="small" weight="plus" leading="compact">
        {label}
      </Text>
      <Text size="small" leading="compact" className="break-all" data-testid={testId}>
        {children}
      </Text>
    </div>
  );
}

export function SessionCard({ session, onChanged }: { session: ClientLoopSession; onChanged?: () => void }) {
  const paid = session.paid_amount && `${session.paid_amount} ${session.paid_currency_code}`;
  return (
    <Container className="divide-y p-0" data-testid="clientloop-session" data-session-id={session.id}>
      <div className="flex items-center justify-between px-6 py-4">
        <Heading level="h2">ClientLoop payment</Heading>
        <div className="flex gap-2">
          {session.superseded_at && <Badge size="2xsmall">Replaced</Badge>}
          <StatusBadge color={STATUS_COLOR[session.status] ?? "grey"} data-testid="clientloop-status">
            {session.status}
          </StatusBadge>
        </div>
      </div>
      {session.attention && (
        <div
          className="bg-ui-bg-subtle px-6 py-4"
          data-testid="clientloop-attention"
          data-reason={session.attention.reason}
        >
          <Text size="small" weight="plus">
            {session.attention.title}
          </Text>
          <Text size="small" className="text-ui-fg-subtle">
            {session.attention.action}
          </Text>
        </div>
      )}
      <Row label="Amount" testId="clientloop-amount">
        {session.amount}
      </Row>
      <Row label="Currency" testId="clientloop-currency">
        {session.currency_code}
      </Row>
      {paid && paid !== `${session.amount} ${session.currency_code}` && (
        <Row label="Paid" testId="clientloop-paid">
          {paid}
        </Row>
      )}
      <Row label="ClientLoop session" testId="clientloop-session-id">
        {session.clientloop_session_id ?? "—"}
      </Row>
      <Row label="ClientLoop payment" testId="clientloop-payment-id">
        {session.clientloop_payment_id ?? "—"}
      </Row>
      <Row label="Payment link" testId="clientloop-link">
        {session.payable_link ? (
          <a href={session.payable_link} target="_blank" rel="noreferrer" className="text-ui-fg-interactive">
            {session.payable_link}
          </a>
        ) : (
          "— (no longer payable)"
        )}
      </Row>
      <Row label="Expires" testId="clientloop-expires">
        {when(session.expires_at)}
      </Row>
      {session.cart_id && (
        <Row label="Cart" testId="clientloop-cart">
          {session.cart_id}
        </Row>
      )}
      <Timeline session={session} />
      {session.payable_link && <ResendLink session={session} onSent={onChanged} />}
      {session.status === "Completed" && session.attention && session.attention.reason !== "cancel_unconfirmed" && (
        <AttentionActions session={session} onChanged={onChanged} />
      )}
    </Container>
  );
}
