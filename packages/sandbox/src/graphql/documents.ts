/**
 * Parsed and validated documents, cached by query string: clients send the same few documents
 * over and over, and parsing plus validating is most of a plain GraphQL server's cost.
 */
import { ERROR_CODES } from "@clientloop/core/pure";
import {
  GraphQLError,
  Kind,
  NoSchemaIntrospectionCustomRule,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import { compileFastExecute, type FastExecute } from "./fast-execute.js";

export interface PreparedOperation {
  node: OperationDefinitionNode;
  type: "query" | "mutation" | "subscription";
  /** Root fields selected (`createPaymentSession`...), for stats and per-operation faults. */
  rootFields: string[];
  /** The compiled execution of a simple operation (fast-execute.ts); graphql-js runs the others. */
  fast: FastExecute | undefined;
}

export type PreparedDocument =
  | { ok: true; document: DocumentNode; operations: PreparedOperation[] }
  | { ok: false; errors: GraphQLError[]; code: string };

const MAX_ENTRIES = 1000;

export class DocumentCache {
  private readonly cache = new Map<string, PreparedDocument>();
  private readonly rules;

  constructor(
    private readonly schema: GraphQLSchema,
    introspection: boolean,
  ) {
    this.rules = introspection ? specifiedRules : [...specifiedRules, NoSchemaIntrospectionCustomRule];
  }

  get(query: string): PreparedDocument {
    const hit = this.cache.get(query);
    if (hit) return hit;
    const prepared = this.prepare(query);
    if (this.cache.size >= MAX_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(query, prepared);
    return prepared;
  }

  private prepare(query: string): PreparedDocument {
    let document: DocumentNode;
    try {
      document = parse(query, { maxTokens: 10_000 });
    } catch (error) {
      const e = error as GraphQLError;
      return {
        ok: false,
        code: ERROR_CODES.GRAPHQL_PARSE_FAILED,
        errors: [withCode(e, ERROR_CODES.GRAPHQL_PARSE_FAILED)],
      };
    }
    const errors = validate(this.schema, document, this.rules, { maxErrors: 20 });
    if (errors.length) {
      return {
        ok: false,
        code: ERROR_CODES.GRAPHQL_VALIDATION_FAILED,
        errors: errors.map((e) => withCode(e, ERROR_CODES.GRAPHQL_VALIDATION_FAILED)),
      };
    }
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
    const operations: PreparedOperation[] = [];
    for (const d of document.definitions) {
      if (d.kind !== Kind.OPERATION_DEFINITION) continue;
      const rootFields = [...new Set(rootFieldsOf(d.selectionSet, fragments, new Set()))];
      operations.push({ node: d, type: d.operation, rootFields, fast: compileFastExecute(this.schema, d) });
    }
    return { ok: true, document, operations };
  }
}

function rootFieldsOf(
  set: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
  seen: Set<string>,
): string[] {
  const out: string[] = [];
  for (const s of set.selections) {
    if (s.kind === Kind.FIELD) out.push(s.name.value);
    else if (s.kind === Kind.INLINE_FRAGMENT) out.push(...rootFieldsOf(s.selectionSet, fragments, seen));
    else {
      const f = fragments.get(s.name.value);
      if (f && !seen.has(f.name.value)) {
        seen.add(f.name.value);
        out.push(...rootFieldsOf(f.selectionSet, fragments, seen));
      }
    }
  }
  return out;
}

export function withCode(error: GraphQLError, code: string, field?: string): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions: { ...error.extensions, code, ...(field ? { field } : {}) },
  });
}

/** Picks the operation to run, as GraphQL's getOperationAST does, with a reason when none fits. */
export function selectOperation(
  operations: PreparedOperation[],
  operationName: string | null | undefined,
): PreparedOperation | string {
  if (operationName) {
    return (
      operations.find((o) => o.node.name?.value === operationName) ?? `Unknown operation named "${operationName}".`
    );
  }
  if (operations.length === 1) return operations[0]!;
  return operations.length === 0
    ? "Must provide an operation."
    : "Must provide operation name if query contains multiple operations.";
}
