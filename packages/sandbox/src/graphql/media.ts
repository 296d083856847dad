/** GraphQL-over-HTTP content negotiation: which media type an answer is sent as. */

export const GQL_RESPONSE = "application/graphql-response+json";
export const JSON_TYPE = "application/json";
export type MediaType = typeof GQL_RESPONSE | typeof JSON_TYPE;

const acceptCache = new Map<string, MediaType | null>();

/** The highest-q type we serve; no Accept means application/json; null when we serve none. */
export function negotiate(accept: string | undefined): MediaType | null {
  if (!accept) return JSON_TYPE;
  const cached = acceptCache.get(accept);
  if (cached !== undefined) return cached;
  let best: MediaType | null = null;
  let bestQ = 0;
  for (const part of accept.split(",")) {
    const [range, ...params] = part.trim().toLowerCase().split(";");
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!(q > 0)) continue;
    const type: MediaType | null =
      range === GQL_RESPONSE
        ? GQL_RESPONSE
        : range === JSON_TYPE || range === "application/*" || range === "*/*"
          ? JSON_TYPE
          : null;
    if (!type) continue;
    // on equal q the spec's own type wins over application/json
    if (q > bestQ || (q === bestQ && type === GQL_RESPONSE)) [best, bestQ] = [type, q];
  }
  if (acceptCache.size < 100) acceptCache.set(accept, best);
  return best;
}

export function contentTypeOf(media: MediaType): string {
  return `${media}; charset=utf-8`;
}
