/**
 * Key under which an activated ClientLoop Trigger records its Production URL in the workflow's
 * global static data, so the ClientLoop node of the same workflow can use it as callback URL.
 */
export const TRIGGER_URL_STATIC_KEY = "clientLoopTriggerUrl";
