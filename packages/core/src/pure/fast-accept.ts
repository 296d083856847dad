/**
 * A fast accept-only pass over a zod/mini schema. zod's own parse keeps a payload, an issue list
 * and a result object for every field of the schema, present or not: about 30 µs for a create
 * input on a busy event loop, the largest part of the client's cost per call. This pass walks
 * only the fields that are present and runs zod's own check objects (the same regexes,
 * refinements and cross-field rules), so the rules stay defined once, in the schemas.
 *
 * It answers "valid" or "not sure": every input it does not accept is parsed by zod, which
 * reports the issues (paths, messages) exactly as before. A schema construct it does not know
 * makes the whole schema "not sure", so nothing is accepted that zod would reject.
 */
import type * as z from "zod/v4/mini";

type Accept = (value: unknown) => boolean;

interface ZodInternals {
  def: {
    type: string;
    checks?: unknown[];
    shape?: Record<string, { _zod: ZodInternals }>;
    catchall?: { _zod: ZodInternals };
    innerType?: { _zod: ZodInternals };
    element?: { _zod: ZodInternals };
    in?: { _zod: ZodInternals };
    out?: { _zod: ZodInternals };
    entries?: Record<string, unknown>;
  };
  traits: Set<string>;
}

interface CheckInternals {
  def: { when?: (payload: CheckPayload) => boolean };
  check(payload: CheckPayload): unknown;
}

interface CheckPayload {
  value: unknown;
  issues: unknown[];
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** The checks zod runs on a value of this schema, the schema itself first when it is a check too (string formats). */
function checksOf(zod: ZodInternals, schema: unknown): CheckInternals[] {
  const own = zod.traits.has("$ZodCheck") ? [schema] : [];
  return [...own, ...(zod.def.checks ?? [])].map((c) => (c as { _zod: CheckInternals })._zod);
}

/** One payload for every check: checks run one at a time, and a failing one ends the pass. */
const scratch: CheckPayload = { value: undefined, issues: [] };

function passes(checks: readonly CheckInternals[], value: unknown): boolean {
  for (const check of checks) {
    scratch.value = value;
    scratch.issues.length = 0;
    if (check.def.when && !check.def.when(scratch)) continue;
    if (check.check(scratch) instanceof Promise || scratch.issues.length > 0) return false;
  }
  return true;
}

/** The type test of each supported schema type; `undefined` for anything else. */
function compileType(zod: ZodInternals): Accept | undefined {
  const d = zod.def;
  switch (d.type) {
    case "string":
      return (v) => typeof v === "string";
    case "number":
      return (v) => typeof v === "number" && Number.isFinite(v);
    case "boolean":
      return (v) => typeof v === "boolean";
    case "unknown":
      return () => true;
    case "enum": {
      const values = new Set(Object.values(d.entries ?? {}));
      return (v) => values.has(v);
    }
    case "optional": {
      const inner = compileAccept(d.innerType);
      return inner && ((v) => v === undefined || inner(v));
    }
    case "pipe": {
      // no transforms in these schemas: the value the second part sees is the input
      const [first, second] = [compileAccept(d.in), compileAccept(d.out)];
      return first && second && ((v) => first(v) && second(v));
    }
    case "array": {
      const element = compileAccept(d.element);
      return element && ((v) => Array.isArray(v) && v.every((item) => element(item)));
    }
    case "object":
      return compileStrictObject(zod);
    default:
      return undefined;
  }
}

/** Strict objects only (unknown keys rejected): their output is the input, field for field. */
function compileStrictObject(zod: ZodInternals): Accept | undefined {
  const { shape = {}, catchall } = zod.def;
  if (catchall?._zod.def.type !== "never") return undefined;
  const fields = new Map<string, Accept>();
  for (const [key, field] of Object.entries(shape)) {
    const accept = compileAccept(field);
    if (!accept) return undefined;
    fields.set(key, accept);
  }
  const required = [...fields].filter(([, accept]) => !accept(undefined)).map(([key]) => key);
  return (v) => {
    if (!isPlainObject(v)) return false;
    for (const key of required) if (v[key] === undefined) return false;
    for (const key in v) {
      const accept = fields.get(key);
      if (!accept || !accept(v[key])) return false;
    }
    return true;
  };
}

const compiled = new WeakMap<object, Accept | null>();

/** A function that returns true only for values the schema accepts unchanged; undefined when it cannot tell for this schema. */
export function compileAccept(schema: z.ZodMiniType | { _zod: ZodInternals } | undefined): Accept | undefined {
  if (!schema) return undefined;
  const cached = compiled.get(schema);
  if (cached !== undefined) return cached ?? undefined;
  const zod = (schema as unknown as { _zod: ZodInternals })._zod;
  const type = compileType(zod);
  const checks = type && checksOf(zod, schema);
  const accept = type && checks && (checks.length === 0 ? type : (v: unknown) => type(v) && passes(checks, v));
  compiled.set(schema, accept ?? null);
  return accept;
}
