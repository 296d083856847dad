// Module-local stand-in for `globalThis`, used only inside the bundled copy of zod (see
// scripts/bundle.mjs). zod keeps two process-wide slots on globalThis so that several copies of
// zod share one configuration and one schema registry. The copy bundled into a node is private
// to that node, so a private object is the honest scope for it, and the n8n cloud rules forbid
// `globalThis` in community nodes anyway. The preset config turns on zod's `jitless` mode: the
// bundled zod never builds parsers with the Function constructor at run time.
export const __clientLoopZodScope = { __zod_globalConfig: { jitless: true } };
