/**
 * A faster execution for the documents clients send over and over. graphql-js executes a
 * document field by field with a completion step for each (a sixth of the sandbox's time per
 * create); the documents the client, the n8n node and ClientLoop's own examples send are simple:
 * one root field with its arguments from variables, plain fields all the way down. Such an
 * operation is compiled once (when its document is cached) into a projection of the resolver's
 * result onto the selection. Anything else — fragments, directives, aliases used twice,
 * `__typename`, abstract types — is left to graphql-js.
 *
 * The answers are graphql-js's: variables are coerced as graphql-js coerces them (fast-coerce.ts;
 * on anything unusual the whole request goes to graphql-js, which reports it), scalars and enums
 * are serialized by their own types, and a resolver's error is located with graphql-js's
 * `locatedError`.
 */
import {
  getNamedType,
  isEnumType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  Kind,
  locatedError,
  type ExecutionResult,
  type FieldNode,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import { compileVariableCoercion } from "./fast-coerce.js";

/** The root resolvers, called as graphql-js calls them without `info`: `(args, context)`. */
type Resolvers<C> = Record<string, (args: Record<string, unknown>, context: C) => unknown>;

/** Runs the compiled operation; `undefined` when graphql-js must run it (the variables need reporting). */
export type FastExecute = <C>(
  rootValue: Resolvers<C>,
  variables: Record<string, unknown>,
  context: C,
) => ExecutionResult | undefined;

type Project = (value: unknown) => unknown;

/** Plain fields only: no arguments (below the root), directives, fragments or introspection. */
function isPlainField(node: SelectionSetNode["selections"][number]): node is FieldNode {
  return (
    node.kind === Kind.FIELD && !node.directives?.length && !node.arguments?.length && !node.name.value.startsWith("__")
  );
}

function compileObject(type: GraphQLObjectType, set: SelectionSetNode): Project | undefined {
  const fields = type.getFields();
  const parts: [key: string, name: string, project: Project][] = [];
  for (const node of set.selections) {
    if (!isPlainField(node)) return undefined;
    const def = fields[node.name.value];
    const key = node.alias?.value ?? node.name.value;
    if (!def || def.resolve || parts.some(([k]) => k === key)) return undefined;
    const project = compileValue(def.type, node.selectionSet);
    if (!project) return undefined;
    parts.push([key, node.name.value, project]);
  }
  return (value) => {
    const source = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [key, name, project] of parts) out[key] = project(source[name]);
    return out;
  };
}

function compileValue(type: GraphQLOutputType, set: SelectionSetNode | undefined): Project | undefined {
  if (isNonNullType(type)) {
    const inner = compileValue(type.ofType, set);
    return (
      inner &&
      ((v) => {
        // the store only holds complete sessions: a null here is a sandbox bug, answered as a 500
        if (v === null || v === undefined) throw new Error("a non-null field resolved to null");
        return inner(v);
      })
    );
  }
  if (isListType(type)) {
    const item = compileValue(type.ofType, set);
    return item && ((v) => (v === null || v === undefined ? null : (v as unknown[]).map(item)));
  }
  if (isScalarType(type) || isEnumType(type)) return (v) => (v === null || v === undefined ? null : type.serialize(v));
  if (isObjectType(type) && set) {
    const object = compileObject(type, set);
    return object && ((v) => (v === null || v === undefined ? null : object(v)));
  }
  return undefined; // interfaces and unions: graphql-js
}

/** Compiles an operation of a validated document, or returns undefined when graphql-js must execute it. */
export function compileFastExecute(schema: GraphQLSchema, operation: OperationDefinitionNode): FastExecute | undefined {
  const rootType =
    operation.operation === "mutation"
      ? schema.getMutationType()
      : operation.operation === "query"
        ? schema.getQueryType()
        : null;
  const [root, ...more] = operation.selectionSet.selections;
  if (!rootType || !root || more.length || operation.directives?.length) return undefined;
  if (root.kind !== Kind.FIELD || root.directives?.length || root.name.value.startsWith("__")) return undefined;
  const def = rootType.getFields()[root.name.value];
  if (!def || def.resolve) return undefined;
  // every argument comes from a required variable, as `input: $input` with `$input: X!`
  const args: [arg: string, variable: string][] = [];
  for (const arg of root.arguments ?? []) {
    if (arg.value.kind !== Kind.VARIABLE) return undefined;
    const name = arg.value.name.value;
    const definition = operation.variableDefinitions?.find((v) => v.variable.name.value === name);
    if (!definition || definition.type.kind !== Kind.NON_NULL_TYPE || definition.defaultValue) return undefined;
    args.push([arg.name.value, name]);
  }
  const project = compileValue(def.type, root.selectionSet);
  if (!project || (root.selectionSet && !isObjectType(getNamedType(def.type)))) return undefined;
  const key = root.alias?.value ?? root.name.value;
  const field = root.name.value;
  const coerce = compileVariableCoercion(schema, operation.variableDefinitions ?? []);
  if (!coerce) return undefined;

  return (rootValue, inputs, context) => {
    const coerced = coerce(inputs);
    if (!coerced) return undefined;
    const argValues: Record<string, unknown> = {};
    for (const [arg, variable] of args) argValues[arg] = coerced[variable];
    let value: unknown;
    try {
      value = rootValue[field]!(argValues, context);
    } catch (error) {
      return { errors: [locatedError(error, [root], [key])], data: isNonNullType(def.type) ? null : { [key]: null } };
    }
    return { data: { [key]: project(value) } };
  };
}
