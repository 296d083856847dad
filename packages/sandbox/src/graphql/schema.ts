/**
 * The sandbox serves core's schema, never a copy: `schemaSDL` is schema.graphql bundled into
 * @clientloop/core. Built once per process.
 */
import { schemaSDL } from "@clientloop/core/pure";
import { buildSchema, type GraphQLSchema } from "graphql";

let schema: GraphQLSchema | undefined;

export function getSchema(): GraphQLSchema {
  return (schema ??= buildSchema(schemaSDL));
}
