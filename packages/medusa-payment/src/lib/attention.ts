/**
 * Why a paid ClientLoop session needs a person, and what that person should do. The ledger
 * stores the reason code; the admin API and panel show these texts.
 */
export const ATTENTION = {
  session_deleted: {
    title: "Paid, but the cart had changed",
    action:
      "The customer paid a link whose Medusa payment session had been replaced (the cart changed), so no order was created. Refund the payment in ClientLoop, or create the order for the customer and mark this resolved.",
  },
  amount_mismatch: {
    title: "Paid a different amount",
    action:
      "ClientLoop reports a payment whose amount or currency differs from the Medusa payment session. Check the payment in ClientLoop; refund it, or create the order by hand and mark this resolved.",
  },
  cart_completed_otherwise: {
    title: "Paid twice",
    action:
      "The cart was already completed with another payment, so this payment is a second one. Refund it in ClientLoop and mark this resolved.",
  },
  cart_cannot_complete: {
    title: "Paid, but the order could not be created",
    action:
      "The cart could not be completed after several attempts (see the last error). Fix the cause (e.g. stock or shipping) and retry creating the order, or refund the payment in ClientLoop and mark this resolved.",
  },
  no_cart: {
    title: "Paid, but no cart is known",
    action:
      "The Medusa payment session belongs to no cart the store can complete. Find the customer's order or refund the payment in ClientLoop, then mark this resolved.",
  },
} as const;

export type AttentionReason = keyof typeof ATTENTION;

export const CANCEL_UNCONFIRMED = {
  title: "Superseded link not yet canceled",
  action:
    "The cart changed, so this ClientLoop session should no longer be payable, but ClientLoop has not confirmed the cancel yet. The store keeps retrying until it does or the link expires; if it keeps failing, cancel the session in the ClientLoop dashboard.",
} as const;

export const REJECTED_DELIVERY = {
  title: "Callback failed verification",
  action:
    "A callback reached this store's URL for the session but its ClientLoop signature did not verify. If it keeps happening, check that `signingSecret` matches the ClientLoop dashboard (list the old and the new secret during a rotation).",
} as const;
