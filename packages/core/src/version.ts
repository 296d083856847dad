declare const __CLIENTLOOP_CORE_VERSION__: string | undefined;

/** This package's version, injected at build time (tsup `define`) and in tests (vitest `define`). */
export const VERSION: string =
  typeof __CLIENTLOOP_CORE_VERSION__ === "string" ? __CLIENTLOOP_CORE_VERSION__ : "0.0.0-dev";
