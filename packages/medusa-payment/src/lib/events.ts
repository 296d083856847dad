/** Events the plugin emits on Medusa's event bus (Redis in production: handled by the worker). */
export const CLIENTLOOP_EVENTS = {
  /** A ClientLoop session reached a final status (data: `{ id }`, the ledger entry): settle it in Medusa. */
  sessionFinal: "clientloop.session_final",
} as const;
