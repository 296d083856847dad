/** The ClientLoop schema (schema.graphql), bundled as a string. */
import sdl from "../../schema.graphql";

export const schemaSDL: string = sdl;
