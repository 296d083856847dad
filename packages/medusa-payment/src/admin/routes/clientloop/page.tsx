/**
 * The ClientLoop page: what needs a person (paid without an order, callbacks that failed
 * verification, replaced links whose cancel is not confirmed), each with what to do; and a
 * lookup of a cart's payments, to resend a link to a customer who lost it.
 */
import { defineRouteConfig } from "@medusajs/admin-sdk";
import { CreditCard } from "@medusajs/icons";
import { Button, Container, Heading, Input, Label, Text } from "@medusajs/ui";
import { useState, type ReactNode } from "react";
import { SessionCard } from "../../components/session-card";
import { attentionList, sessionsOfCart, type ClientLoopSession } from "../../lib/api";
import { useLoad } from "../../lib/use-load";

function Section({ title, testId, children }: { title: string; testId: string; children: ReactNode }) {
  return (
    <div className="flex flex-col gap-y-3" data-testid={testId}>
      <Heading level="h2">{title}</Heading>
      {children}
    </div>
  );
}

const Empty = ({ text }: { text: string }) => (
  <Container>
    <Text size="small" className="text-ui-fg-muted">
      {text}
    </Text>
  </Container>
);

function CartLookup() {
  const [cartId, setCartId] = useState("");
  const [found, setFound] = useState<ClientLoopSession[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const find = () =>
    sessionsOfCart(cartId.trim()).then(
      (r) => (setFound(r.sessions), setError(null)),
      (e: Error) => setError(e.message),
    );
  return (
    <Section title="Find a cart's payments" testId="clientloop-lookup">
      <Container className="flex items-end gap-x-2">
        <div className="flex grow flex-col gap-y-1">
          <Label size="small" htmlFor="clientloop-cart-id">
            Cart id
          </Label>
          <Input
            id="clientloop-cart-id"
            size="small"
            placeholder="cart_…"
            value={cartId}
            onChange={(e) => setCartId(e.target.value)}
            data-testid="clientloop-cart-id"
          />
        </div>
        <Button size="small" variant="secondary" onClick={find} data-testid="clientloop-find">
          Find
        </Button>
      </Container>
      {error && (
        <Text size="small" className="text-ui-fg-error">
          {error}
        </Text>
      )}
      {found && !found.length && <Empty text="No ClientLoop payment for this cart." />}
      {found?.map((s) => (
        <SessionCard key={s.id} session={s} onChanged={find} />
      ))}
    </Section>
  );
}

const ClientLoopPage = () => {
  const { data, error, reload } = useLoad(attentionList, []);
  return (
    <div className="flex flex-col gap-y-6" data-testid="clientloop-page">
      <Container className="flex items-center justify-between">
        <div>
          <Heading level="h1">ClientLoop</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            Payments that need a person, from the store&apos;s ClientLoop ledger.
          </Text>
        </div>
        <Button size="small" variant="secondary" onClick={reload}>
          Refresh
        </Button>
      </Container>
      {error && (
        <Text size="small" className="text-ui-fg-error">
          {error}
        </Text>
      )}
      {data && (
        <>
          <Section title="Paid without an order" testId="clientloop-paid-without-order">
            {data.paid_without_order.length ? (
              data.paid_without_order.map((s) => <SessionCard key={s.id} session={s} onChanged={reload} />)
            ) : (
              <Empty text="Every paid session has its order." />
            )}
          </Section>
          <Section title="Callbacks that failed verification" testId="clientloop-rejected">
            <Container>
              <Text size="small" weight="plus">
                {data.rejected_deliveries.title}
              </Text>
              <Text size="small" className="text-ui-fg-subtle">
                {data.rejected_deliveries.action}
              </Text>
              <ul className="mt-2">
                {data.rejected_deliveries.deliveries.map((d) => (
                  <li key={d.id} data-testid="clientloop-rejected-delivery">
                    <Text size="small">
                      {new Date(d.created_at).toLocaleString()} · {d.payment_session_id ?? "unknown session"} ·{" "}
                      {d.detail}
                    </Text>
                  </li>
                ))}
                {!data.rejected_deliveries.deliveries.length && (
                  <Text size="small" className="text-ui-fg-muted">
                    None in the last 7 days.
                  </Text>
                )}
              </ul>
            </Container>
          </Section>
          <Section title="Replaced links not yet canceled" testId="clientloop-cancel-unconfirmed">
            {data.cancel_unconfirmed.length ? (
              data.cancel_unconfirmed.map((s) => <SessionCard key={s.id} session={s} />)
            ) : (
              <Empty text="Every replaced link is canceled." />
            )}
          </Section>
        </>
      )}
      <CartLookup />
    </div>
  );
};

export const config = defineRouteConfig({ label: "ClientLoop", icon: CreditCard });

export default ClientLoopPage;
