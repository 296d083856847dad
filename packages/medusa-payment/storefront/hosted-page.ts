/** Sending the shopper to ClientLoop's hosted payment page. */

/** The link as an absolute http(s) URL, or a TypeError (never navigate to `javascript:` or a relative path). */
export function checkHostedPageLink(link: unknown): string {
  let url: URL | undefined;
  try {
    url = typeof link === "string" ? new URL(link) : undefined;
  } catch {}
  if (!url || (url.protocol !== "https:" && url.protocol !== "http:")) {
    throw new TypeError("the hosted payment page link must be an absolute http(s) URL");
  }
  return link as string;
}

/**
 * In the browser: go to the hosted payment page (`location.assign`, so Back returns to the
 * checkout). In server code, redirect with your framework instead (Next.js: `redirect(link)`).
 */
export function redirectToHostedPage(
  link: string,
  location: { assign(url: string): void } | undefined = (globalThis as { location?: { assign(url: string): void } })
    .location,
): void {
  const url = checkHostedPageLink(link);
  if (!location)
    throw new TypeError(
      "redirectToHostedPage needs the browser's location; in server code, redirect to the link with your framework",
    );
  location.assign(url);
}
