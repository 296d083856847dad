/** Organizations, their API keys, signing secrets and contacts. */
import type { Contact } from "@clientloop/core/pure";
import type { OrganizationInfo, SandboxContact } from "../types.js";

export interface Organization extends OrganizationInfo {
  contacts: Map<string, Contact>;
}

export class OrgRegistry {
  private readonly byId = new Map<string, Organization>();
  private readonly byKey = new Map<string, Organization>();

  add(org: { id: string; name: string; apiKeys: string[]; signingSecret: string }): Organization {
    const existing = this.byId.get(org.id);
    if (existing) throw new Error(`organization ${org.id} is defined twice`);
    const record: Organization = { ...org, apiKeys: [...org.apiKeys], contacts: new Map() };
    for (const key of org.apiKeys) {
      // A key must identify one organization, or a test could see another org's sessions.
      if (this.byKey.has(key))
        throw new Error(`an API key is shared by two organizations (${this.byKey.get(key)!.id}, ${org.id})`);
      this.byKey.set(key, record);
    }
    this.byId.set(org.id, record);
    return record;
  }

  get(id: string): Organization | undefined {
    return this.byId.get(id);
  }

  byApiKey(key: string): Organization | undefined {
    return this.byKey.get(key);
  }

  list(): Organization[] {
    return [...this.byId.values()];
  }

  addContact(orgId: string, contact: SandboxContact, nowIso: string): Contact {
    const org = this.byId.get(orgId);
    if (!org) throw new Error(`unknown organization ${orgId}`);
    if (!contact.id || !contact.name) throw new Error("a contact needs an id and a name");
    const record: Contact = {
      orgId,
      id: contact.id,
      name: contact.name,
      givenName: contact.givenName ?? null,
      familyName: contact.familyName ?? null,
      email: contact.email ?? null,
      phone: contact.phone ?? null,
      createdAt: org.contacts.get(contact.id)?.createdAt ?? nowIso,
      updatedAt: nowIso,
    };
    org.contacts.set(contact.id, record);
    return record;
  }
}

/** Public view of an organization (no contacts map). */
export function orgInfo(org: Organization): OrganizationInfo {
  return { id: org.id, name: org.name, apiKeys: [...org.apiKeys], signingSecret: org.signingSecret };
}
