// The return page in the browser (bundled by assets.mjs): @medusajs/js-sdk and the kit wait for
// the verified payment, complete the cart, and go to the order confirmation — or show why not.
import Medusa from "@medusajs/js-sdk";
import { completeClientLoopCheckout } from "@clientloop/medusa-payment/storefront";
import { viewOfOutcome } from "./outcome.mjs";

const config = JSON.parse(document.getElementById("storefront-config").textContent);
const sdk = new Medusa({ baseUrl: config.medusaUrl, publishableKey: config.publishableKey });
const state = document.querySelector("[data-testid=return-state]");
const progress = document.querySelector("[data-testid=return-progress]");

// leaving the page stops the polling
const leaving = new AbortController();
addEventListener("pagehide", () => leaving.abort(new DOMException("left the page", "AbortError")));

function show(view) {
  const title = document.createElement("h1");
  title.textContent = view.title;
  const text = document.createElement("p");
  text.textContent = view.text;
  const parts = [title, text];
  if (view.action) {
    const link = document.createElement("a");
    link.className = "button";
    link.dataset.testid = "outcome-action";
    link.href = view.action.href || location.href;
    link.textContent = view.action.label;
    const line = document.createElement("p");
    line.append(link);
    parts.push(line);
  }
  document.querySelector("h1")?.remove();
  state.dataset.outcome = view.state;
  state.replaceChildren(...parts);
}

try {
  const done = await completeClientLoopCheckout(sdk, config.cartId, {
    signal: leaving.signal,
    timeoutMs: config.timeoutMs,
    onStatus: (s) => {
      progress.textContent =
        s.payment_status === "paid"
          ? "Payment received; placing your order…"
          : "Waiting for ClientLoop to confirm your payment…";
    },
  });
  if (done.outcome === "paid") location.replace(`/order/${encodeURIComponent(done.order.id)}/confirmed`);
  else show(viewOfOutcome(done));
} catch (error) {
  if (!leaving.signal.aborted) {
    show({
      state: "error",
      title: "We could not check your payment",
      text: `${error.message}. If you paid, your order will be confirmed shortly; there is no need to pay again.`,
      action: { href: "", label: "Try again" },
    });
  }
}
