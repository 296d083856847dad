/**
 * Variable coercion compiled once per cached operation, for fast-execute.ts: graphql-js's
 * `getVariableValues` looks up every type and walks every field generically on each request
 * (a twelfth of a create). The compiled coercion gives exactly graphql-js's values when the
 * variables fit, and declines (`undefined`) on anything unusual — a missing or null required
 * value, an unknown field, a scalar that does not parse, a single value where a list is
 * expected — so graphql-js coerces that request itself and reports what it must.
 */
import {
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  typeFromAST,
  type GraphQLInputType,
  type GraphQLSchema,
  type VariableDefinitionNode,
} from "graphql";

/** A coerced value, or DECLINE when graphql-js must coerce (and maybe report) it. */
type Coerce = (value: unknown) => unknown;
const DECLINE: unique symbol = Symbol("decline");

function compileType(type: GraphQLInputType, named: Map<GraphQLInputType, Coerce>): Coerce | undefined {
  if (isNonNullType(type)) {
    const inner = compileType(type.ofType, named);
    return inner && ((v) => (v === null || v === undefined ? DECLINE : inner(v)));
  }
  const known = named.get(type);
  if (known) return known;
  if (isListType(type)) {
    const item = compileType(type.ofType, named);
    if (!item) return undefined;
    return (v) => {
      if (v === null || v === undefined) return null;
      if (!Array.isArray(v)) return DECLINE; // graphql-js wraps a single value: let it
      const out = new Array<unknown>(v.length);
      for (let i = 0; i < v.length; i++) {
        const c = item(v[i]);
        if (c === DECLINE) return DECLINE;
        out[i] = c;
      }
      return out;
    };
  }
  if (isScalarType(type) || isEnumType(type)) {
    const leaf: Coerce = (v) => {
      if (v === null || v === undefined) return null;
      try {
        const parsed: unknown = type.parseValue(v);
        return parsed === undefined ? DECLINE : parsed;
      } catch {
        return DECLINE;
      }
    };
    named.set(type, leaf);
    return leaf;
  }
  if (!isInputObjectType(type) || type.isOneOf) return undefined;
  const defs = Object.values(type.getFields());
  if (defs.some((f) => f.defaultValue !== undefined)) return undefined; // none in the schema today
  const names = new Set(defs.map((f) => f.name));
  const fields: [name: string, coerce: Coerce, required: boolean][] = [];
  const object: Coerce = (v) => {
    if (v === null || v === undefined) return null;
    if (typeof v !== "object" || Array.isArray(v)) return DECLINE;
    const source = v as Record<string, unknown>;
    for (const key of Object.keys(source)) if (!names.has(key)) return DECLINE;
    const out: Record<string, unknown> = {};
    // in the schema's field order, as graphql-js builds it; absent fields stay absent
    for (const [name, coerce, required] of fields) {
      const value = source[name];
      if (value === undefined) {
        if (required) return DECLINE;
        continue;
      }
      const c = coerce(value);
      if (c === DECLINE) return DECLINE;
      out[name] = c;
    }
    return out;
  };
  named.set(type, object); // before the fields: input types may refer to themselves
  for (const f of defs) {
    const coerce = compileType(f.type, named);
    if (!coerce) return undefined;
    fields.push([f.name, coerce, isNonNullType(f.type)]);
  }
  return object;
}

/**
 * Compiles the coercion of an operation's variables, all required and without defaults (what
 * fast-execute compiles). Returns undefined when some type cannot be compiled.
 */
export function compileVariableCoercion(
  schema: GraphQLSchema,
  definitions: readonly VariableDefinitionNode[],
): ((inputs: Record<string, unknown>) => Record<string, unknown> | undefined) | undefined {
  const named = new Map<GraphQLInputType, Coerce>();
  const variables: [name: string, coerce: Coerce][] = [];
  for (const d of definitions) {
    const type = typeFromAST(schema, d.type) as GraphQLInputType | undefined;
    if (!type || !isNonNullType(type) || d.defaultValue) return undefined;
    const coerce = compileType(type, named);
    if (!coerce) return undefined;
    variables.push([d.variable.name.value, coerce]);
  }
  return (inputs) => {
    const out: Record<string, unknown> = {};
    for (const [name, coerce] of variables) {
      if (!Object.prototype.hasOwnProperty.call(inputs, name)) return undefined;
      const c = coerce(inputs[name]);
      if (c === DECLINE) return undefined;
      out[name] = c;
    }
    return out;
  };
}
