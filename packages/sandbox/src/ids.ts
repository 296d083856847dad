import { randomBytes } from "node:crypto";

// Ids are random so that two sandboxes (or two test runs) never hand out the same session id.
// Bytes are drawn in blocks: one randomBytes call per 256 ids keeps the hot path cheap.
const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
const ID_LENGTH = 20;
let pool = randomBytes(ID_LENGTH * 256);
let offset = 0;

export function randomId(prefix: string): string {
  if (offset + ID_LENGTH > pool.length) {
    pool = randomBytes(ID_LENGTH * 256);
    offset = 0;
  }
  let out = prefix + "_";
  for (let i = 0; i < ID_LENGTH; i++) out += ALPHABET[pool[offset + i]! % 62];
  offset += ID_LENGTH;
  return out;
}
