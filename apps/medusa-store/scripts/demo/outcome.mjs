// What the shopper is told for each way a ClientLoop payment can end (the kit's outcomes), the
// same on the server-rendered pages and in the browser's return page.

const checkout = { href: "/checkout", label: "Back to checkout" };

/** `{ state, title, text, action? }` for a `completeClientLoopCheckout` outcome (or a status's payment_status). */
export function outcomeView(outcome, message) {
  switch (outcome) {
    case "paid":
      return { state: "paid", title: "Payment received", text: "Your order is confirmed." };
    case "pending":
      return {
        state: "pending",
        title: "Waiting for ClientLoop's confirmation",
        text: "We have not heard from ClientLoop about your payment yet. If you paid, your order will be confirmed shortly; there is no need to pay again.",
        action: { href: "", label: "Check again" },
      };
    case "processing":
      return {
        state: "processing",
        title: "Payment received",
        text: "We are creating your order; there is no need to pay again.",
      };
    case "paid_without_order":
      return {
        state: "paid_without_order",
        title: "Payment received",
        text: message ?? "The store will confirm your order shortly; there is no need to pay again.",
      };
    case "expired":
      return {
        state: "expired",
        title: "Your payment link expired",
        text: "Nothing was charged; you can pay again.",
        action: checkout,
      };
    case "canceled":
      return {
        state: "canceled",
        title: "Payment canceled",
        text: "You canceled the payment on ClientLoop's page. Nothing was charged; you can pay again.",
        action: checkout,
      };
    default:
      return {
        state: "none",
        title: "No payment to confirm",
        text: "There is no ClientLoop payment on this cart (it may have changed since); you can pay from the checkout.",
        action: checkout,
      };
  }
}

/** The view for a finished `completeClientLoopCheckout` that is not an order. */
export function viewOfOutcome(done) {
  // a deadline passed after ClientLoop reported the payment: the order is on its way
  if (done.outcome === "pending" && done.status?.payment_status === "paid") return outcomeView("processing");
  return outcomeView(done.outcome, done.message);
}
