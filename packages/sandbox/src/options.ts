/** Resolves startSandbox options and the seed file into organizations with keys and secrets. */
import { readFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import type { SandboxContact, SandboxOptions, SandboxOrgSeed, SandboxSeed } from "./types.js";

export const DEFAULT_ORG_ID = "org_sandbox";
export const DEFAULT_ORG_NAME = "Sandbox Store";
export const DEFAULT_API_KEY = "sk_sandbox_default";
export const DEFAULT_SIGNING_SECRET = "whsec_sandbox_default";

/** Two demo contacts: one reachable by email and SMS, one with neither (for NO_RECIPIENT). */
export const DEFAULT_CONTACTS: SandboxContact[] = [
  {
    id: "contact_jane",
    name: "Jane Doe",
    givenName: "Jane",
    familyName: "Doe",
    email: "jane.doe@example.com",
    phone: "+14155550100",
  },
  { id: "contact_unreachable", name: "Sam Nobody", givenName: "Sam", familyName: "Nobody", email: null, phone: null },
];

export interface ResolvedOrg {
  id: string;
  name: string;
  apiKeys: string[];
  signingSecret: string;
  contacts: SandboxContact[] | undefined;
  sessions: NonNullable<SandboxOrgSeed["sessions"]>;
}

export function loadSeed(seed: SandboxOptions["seed"]): SandboxSeed | undefined {
  if (seed === undefined) return undefined;
  const value: unknown = typeof seed === "string" ? JSON.parse(readFileSync(seed, "utf8")) : seed;
  const orgs = (value as SandboxSeed | null)?.orgs;
  if (!Array.isArray(orgs)) throw new TypeError('the seed must be an object {"orgs": [...]}');
  for (const [i, o] of orgs.entries()) {
    if (!o || typeof o.id !== "string" || !o.id) throw new TypeError(`seed.orgs[${i}].id must be a non-empty string`);
  }
  return value as SandboxSeed;
}

function keysOf(o: SandboxOrgSeed): string[] {
  return [...(o.apiKey ? [o.apiKey] : []), ...(o.apiKeys ?? [])];
}

/**
 * The organizations to create, the default one first. The default organization is the
 * options' (orgId/apiKey/signingSecret, or built-in defaults) unless only a seed was given,
 * in which case it is the seed's first organization.
 */
export function resolveOrgs(options: SandboxOptions): ResolvedOrg[] {
  const seed = loadSeed(options.seed);
  const seedOrgs = seed?.orgs ?? [];
  const explicit = options.orgId !== undefined || options.apiKey !== undefined || options.signingSecret !== undefined;
  const orgs: ResolvedOrg[] = seedOrgs.map((o) => ({
    id: o.id,
    name: o.name ?? o.id,
    apiKeys: keysOf(o),
    signingSecret: o.signingSecret ?? "",
    contacts: o.contacts,
    sessions: o.sessions ?? [],
  }));

  if (explicit || orgs.length === 0) {
    const id = options.orgId ?? DEFAULT_ORG_ID;
    let org = orgs.find((o) => o.id === id);
    if (!org) {
      org = { id, name: DEFAULT_ORG_NAME, apiKeys: [], signingSecret: "", contacts: undefined, sessions: [] };
      orgs.unshift(org);
    } else {
      orgs.splice(orgs.indexOf(org), 1);
      orgs.unshift(org);
    }
    if (options.apiKey) org.apiKeys = [options.apiKey, ...org.apiKeys.filter((k) => k !== options.apiKey)];
    if (org.apiKeys.length === 0) org.apiKeys = [id === DEFAULT_ORG_ID ? DEFAULT_API_KEY : `sk_sandbox_${id}`];
    if (options.signingSecret) org.signingSecret = options.signingSecret;
    if (!org.signingSecret) org.signingSecret = id === DEFAULT_ORG_ID ? DEFAULT_SIGNING_SECRET : `whsec_sandbox_${id}`;
  }
  const first = orgs[0]!;
  if (options.orgName) first.name = options.orgName;
  // the default organization has the demo contacts unless contacts were given
  first.contacts = options.contacts
    ? [...(first.contacts ?? []), ...options.contacts]
    : (first.contacts ?? DEFAULT_CONTACTS);
  for (const o of orgs) {
    // a seeded org without a key or secret still gets usable (random) ones, printed at start
    if (o.apiKeys.length === 0) o.apiKeys = [`sk_sandbox_${randomBytes(12).toString("hex")}`];
    if (!o.signingSecret) o.signingSecret = `whsec_${randomBytes(16).toString("hex")}`;
  }
  return orgs;
}
