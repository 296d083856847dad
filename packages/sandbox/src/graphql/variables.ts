/**
 * Variable coercion with messages that name the field and never echo its value (graphql-js's
 * own messages print the rejected value, which may be a customer's email or phone).
 */
import { ERROR_CODES } from "@clientloop/core/pure";
import {
  coerceInputValue,
  GraphQLError,
  isInputType,
  isNonNullType,
  print,
  typeFromAST,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from "graphql";

function pathText(root: string, path: readonly (string | number)[]): string {
  let out = root;
  for (const key of path) out += typeof key === "number" ? `[${key}]` : `.${key}`;
  return out;
}

/** graphql-js's coercion messages, minus any echoed value. */
function rule(message: string): string {
  let m = message;
  const enumMatch = /^Value ".*" does not exist in "(\w+)" enum\./s.exec(m);
  if (enumMatch) return `is not a value of enum ${enumMatch[1]}`;
  m = m.replace(/(cannot represent[^:]*):.*$/s, "$1");
  m = m.replace(/^Expected type "(\w+)" to be an object\..*$/s, "must be an input object of type $1");
  return m;
}

export function coerceVariables(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  inputs: Record<string, unknown>,
): { errors: GraphQLError[] } | { values: Record<string, unknown> } {
  const errors: GraphQLError[] = [];
  const values: Record<string, unknown> = {};
  for (const def of operation.variableDefinitions ?? []) {
    const name = def.variable.name.value;
    const type = typeFromAST(schema, def.type);
    if (!type || !isInputType(type)) {
      errors.push(
        new GraphQLError(
          `Variable "$${name}" expected value of type "${print(def.type)}" which cannot be used as an input type.`,
          { nodes: def.type, extensions: { code: ERROR_CODES.GRAPHQL_VALIDATION_FAILED } },
        ),
      );
      continue;
    }
    if (!Object.prototype.hasOwnProperty.call(inputs, name)) {
      if (def.defaultValue) continue; // graphql-js applies the default
      if (isNonNullType(type)) {
        errors.push(
          inputErr(name, `is required (variable "$${name}" of type "${print(def.type)}" was not provided)`, def),
        );
      }
      continue;
    }
    const value = inputs[name];
    if (value === null && isNonNullType(type)) {
      errors.push(inputErr(name, `must not be null (variable "$${name}" is of type "${print(def.type)}")`, def));
      continue;
    }
    values[name] = coerceInputValue(value, type, (path, _invalid, error) => {
      let field = pathText(name, path as (string | number)[]);
      let message = rule(error.message);
      // an unknown field is reported on the parent: name the field itself, as core does
      const unknown = /^Field "(\w+)" is not defined by type "(\w+)"/.exec(error.message);
      if (unknown) {
        field = `${field}.${unknown[1]}`;
        message =
          unknown[1] === "createPendingPayment" && unknown[2] === "UpdatePaymentSessionInput"
            ? "may only be set when the payment session is created"
            : `is not a field of ${unknown[2]}`;
      }
      errors.push(inputErr(field, message, def));
    });
  }
  return errors.length ? { errors } : { values };
}

function inputErr(field: string, message: string, def: { loc?: unknown } & Parameters<typeof print>[0]): GraphQLError {
  return new GraphQLError(`${field}: ${message}`, {
    nodes: def,
    extensions: { code: ERROR_CODES.BAD_USER_INPUT, field },
  });
}
