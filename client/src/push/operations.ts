// The structured operations a push plan is made of. Each carries the Data Plane API object it
// writes and a plain-words description ("add server web3 10.0.0.3:8080 to http_back").
import type { Acl, Bind, HttpRequestRule, Server } from '../haproxy/dataplane/types';

/** A changed value, as shown to the user (`weight 100 → 50`). */
export interface FieldChange {
  name: string;
  from?: string;
  to?: string;
}

/** Proxy fields the planner sets: `undefined` removes the field. */
export interface ProxyFields {
  mode?: string;
  balance?: { algorithm: string };
  default_backend?: string;
}

export type ParentType = 'frontend' | 'backend';

export type Operation =
  | { kind: 'create-proxy'; proxy: 'frontend' | 'backend'; name: string; object: { name: string } & ProxyFields; description: string }
  | { kind: 'delete-proxy'; proxy: 'frontend' | 'backend'; name: string; description: string }
  | { kind: 'update-proxy'; proxy: 'frontend' | 'backend' | 'defaults'; name: string; set: Partial<Record<keyof ProxyFields, unknown>>; changes: FieldChange[]; description: string }
  | { kind: 'create-server'; backend: string; server: Server; description: string }
  | { kind: 'replace-server'; backend: string; name: string; server: Server; changes: FieldChange[]; description: string }
  | { kind: 'delete-server'; backend: string; name: string; description: string }
  | { kind: 'create-bind'; frontend: string; bind: Bind; description: string }
  | { kind: 'replace-bind'; frontend: string; name: string; bind: Bind; changes: FieldChange[]; description: string }
  | { kind: 'delete-bind'; frontend: string; name: string; description: string }
  | { kind: 'create-acl'; parentType: ParentType; parent: string; index: number; acl: Acl; description: string }
  | { kind: 'delete-acl'; parentType: ParentType; parent: string; index: number; description: string }
  | { kind: 'create-http-request-rule'; parentType: ParentType; parent: string; index: number; rule: HttpRequestRule; description: string }
  | { kind: 'delete-http-request-rule'; parentType: ParentType; parent: string; index: number; description: string };

/**
 * Order in a transaction: new sections before what goes into them; deletions of list items
 * (highest index first) before insertions (lowest first), so indexes stay right; removed
 * sections last. The API checks the whole result only at commit.
 */
export const OPERATION_PHASE: Record<Operation['kind'], number> = {
  'create-proxy': 0,
  'update-proxy': 1,
  'delete-server': 2,
  'delete-bind': 2,
  'delete-acl': 2,
  'delete-http-request-rule': 2,
  'replace-server': 3,
  'replace-bind': 3,
  'create-server': 4,
  'create-bind': 4,
  'create-acl': 4,
  'create-http-request-rule': 4,
  'delete-proxy': 5,
};

export function describeChanges(changes: readonly FieldChange[]): string {
  return changes.map((c) => (c.from === undefined && c.to === undefined ? c.name : `${c.name} ${c.from ?? 'unset'} → ${c.to ?? 'unset'}`)).join(', ');
}

/** `change weight of web1 in http_back 100 → 50`, or `change web1 in http_back: weight 100 → 50, check off → on`. */
export function describeChange(subject: string, where: string, changes: readonly FieldChange[]): string {
  const place = where === '' ? subject : `${subject} ${where}`;
  const [only] = changes;
  if (changes.length === 1 && only && (only.from !== undefined || only.to !== undefined)) {
    return `change ${only.name} of ${place} ${only.from ?? 'unset'} → ${only.to ?? 'unset'}`;
  }
  return `change ${place}: ${describeChanges(changes)}`;
}
