// ACL bindings stored by CreateAcls, listed by DescribeAcls, removed by DeleteAcls. Stored and
// listed only: nothing is enforced. Filter semantics follow Kafka's ResourcePatternFilter and
// AccessControlEntryFilter (public Apache Kafka client API), so tools see what a broker shows.
import type { Cluster } from '../../cluster';
import type { Reader, Writer } from '../primitives';

export const ResourceType = { UNKNOWN: 0, ANY: 1, TOPIC: 2, GROUP: 3, CLUSTER: 4, TRANSACTIONAL_ID: 5, DELEGATION_TOKEN: 6, USER: 7 } as const;
export const PatternType = { UNKNOWN: 0, ANY: 1, MATCH: 2, LITERAL: 3, PREFIXED: 4 } as const;
export const AclOperation = {
  UNKNOWN: 0, ANY: 1, ALL: 2, READ: 3, WRITE: 4, CREATE: 5, DELETE: 6, ALTER: 7, DESCRIBE: 8, CLUSTER_ACTION: 9,
  DESCRIBE_CONFIGS: 10, ALTER_CONFIGS: 11, IDEMPOTENT_WRITE: 12, CREATE_TOKENS: 13, DESCRIBE_TOKENS: 14,
} as const;
export const PermissionType = { UNKNOWN: 0, ANY: 1, DENY: 2, ALLOW: 3 } as const;

/** The only name a CLUSTER resource may have. */
export const CLUSTER_RESOURCE_NAME = 'kafka-cluster';
export const WILDCARD = '*';

export interface AclBinding {
  resourceType: number;
  resourceName: string;
  patternType: number;
  principal: string;
  host: string;
  operation: number;
  permissionType: number;
}

export interface AclFilter {
  resourceType: number;
  resourceName: string | null;
  patternType: number;
  principal: string | null;
  host: string | null;
  operation: number;
  permissionType: number;
}

const inRange = (v: number, max: number): boolean => Number.isInteger(v) && v >= 0 && v <= max;

/** Why a binding cannot be created, or null. Mirrors the checks a Kafka broker makes. */
export function invalidBinding(b: AclBinding): string | null {
  if (b.resourceType <= ResourceType.ANY || !inRange(b.resourceType, ResourceType.USER)) return `Invalid resource type ${b.resourceType}`;
  if (b.patternType !== PatternType.LITERAL && b.patternType !== PatternType.PREFIXED) return `Invalid pattern type ${b.patternType}: only LITERAL and PREFIXED bindings can be created`;
  if (b.operation <= AclOperation.ANY || !inRange(b.operation, AclOperation.DESCRIBE_TOKENS)) return `Invalid operation ${b.operation}`;
  if (b.permissionType !== PermissionType.DENY && b.permissionType !== PermissionType.ALLOW) return `Invalid permission type ${b.permissionType}`;
  if (b.resourceName === '') return 'Invalid empty resource name';
  if (b.resourceType === ResourceType.CLUSTER && b.resourceName !== CLUSTER_RESOURCE_NAME) {
    return `The only valid name for the CLUSTER resource is ${CLUSTER_RESOURCE_NAME}`;
  }
  const colon = b.principal.indexOf(':');
  if (colon <= 0 || colon === b.principal.length - 1) return `Could not parse principal "${b.principal}": expected a string in format principalType:principalName`;
  return null;
}

/** Why a filter is malformed (UNKNOWN values), or null. */
export function invalidFilter(f: AclFilter): string | null {
  if (!inRange(f.resourceType, ResourceType.USER) || f.resourceType === ResourceType.UNKNOWN) return `Invalid resource type filter ${f.resourceType}`;
  if (!inRange(f.patternType, PatternType.PREFIXED) || f.patternType === PatternType.UNKNOWN) return `Invalid pattern type filter ${f.patternType}`;
  if (!inRange(f.operation, AclOperation.DESCRIBE_TOKENS) || f.operation === AclOperation.UNKNOWN) return `Invalid operation filter ${f.operation}`;
  if (!inRange(f.permissionType, PermissionType.ALLOW) || f.permissionType === PermissionType.UNKNOWN) return `Invalid permission type filter ${f.permissionType}`;
  return null;
}

/**
 * Kafka's ResourcePatternFilter.matches: ANY matches every pattern type; MATCH matches the
 * literal name, the literal wildcard "*" and every PREFIXED pattern the name starts with; a
 * LITERAL or PREFIXED filter matches only that pattern type with that exact name.
 */
export function patternMatches(f: AclFilter, b: AclBinding): boolean {
  if (f.resourceType !== ResourceType.ANY && f.resourceType !== b.resourceType) return false;
  if (f.patternType !== PatternType.ANY && f.patternType !== PatternType.MATCH && f.patternType !== b.patternType) return false;
  if (f.resourceName === null) return true;
  if (f.patternType === PatternType.ANY || f.patternType === b.patternType) return f.resourceName === b.resourceName;
  // MATCH against a stored pattern:
  if (b.patternType === PatternType.LITERAL) return f.resourceName === b.resourceName || b.resourceName === WILDCARD;
  if (b.patternType === PatternType.PREFIXED) return f.resourceName.startsWith(b.resourceName);
  return false;
}

/** Kafka's AccessControlEntryFilter.matches: null / ANY match everything. */
export function entryMatches(f: AclFilter, b: AclBinding): boolean {
  if (f.principal !== null && f.principal !== b.principal) return false;
  if (f.host !== null && f.host !== b.host) return false;
  if (f.operation !== AclOperation.ANY && f.operation !== b.operation) return false;
  return f.permissionType === PermissionType.ANY || f.permissionType === b.permissionType;
}

export const matches = (f: AclFilter, b: AclBinding): boolean => patternMatches(f, b) && entryMatches(f, b);

const keyOf = (b: AclBinding): string => JSON.stringify([b.resourceType, b.resourceName, b.patternType, b.principal, b.host, b.operation, b.permissionType]);

/** The cluster's ACL bindings, in creation order; saved with --data-dir. */
export class AclStore {
  private readonly bindings = new Map<string, AclBinding>();

  /** Adds a binding; adding one that exists is a no-op, as in Kafka (bindings form a set). */
  add(b: AclBinding): void {
    const k = keyOf(b);
    if (!this.bindings.has(k)) this.bindings.set(k, { ...b });
  }

  list(filter?: AclFilter): AclBinding[] {
    const all = [...this.bindings.values()];
    return filter ? all.filter((b) => matches(filter, b)) : all;
  }

  /** Removes and returns the bindings that match. */
  remove(filter: AclFilter): AclBinding[] {
    const gone: AclBinding[] = [];
    for (const [k, b] of this.bindings) {
      if (matches(filter, b)) {
        gone.push(b);
        this.bindings.delete(k);
      }
    }
    return gone;
  }

  save(): unknown {
    return this.list();
  }

  load(data: unknown): void {
    if (!Array.isArray(data)) return;
    for (const b of data as AclBinding[]) if (b && typeof b === 'object' && invalidBinding(b) === null) this.add(b);
  }
}

/** The cluster's one ACL store, registered for persistence on first use. */
export function aclStore(cluster: Cluster): AclStore {
  return cluster.service('acls', () => {
    const store = new AclStore();
    cluster.registerPersistentPart('acls', { save: () => store.save(), load: (d) => store.load(d) });
    return store;
  });
}

// Wire helpers shared by the three handlers: flexible versions (2+) use compact forms.

export function readString(r: Reader, flexible: boolean): string {
  return flexible ? r.compactString() : r.string();
}

export function readNullableString(r: Reader, flexible: boolean): string | null {
  return flexible ? r.compactNullableString() : r.nullableString();
}

export function writeString(w: Writer, s: string, flexible: boolean): Writer {
  return flexible ? w.compactString(s) : w.string(s);
}

export function writeNullableString(w: Writer, s: string | null, flexible: boolean): Writer {
  return flexible ? w.compactNullableString(s) : w.nullableString(s);
}

export function readArray<T>(r: Reader, flexible: boolean, item: (r: Reader) => T): T[] {
  return flexible ? r.compactArray(item) : r.array(item);
}

export function writeArray<T>(w: Writer, items: readonly T[], flexible: boolean, item: (w: Writer, v: T) => void): Writer {
  return flexible ? w.compactArray(items, item) : w.array(items, item);
}

// A binding and a filter share one wire layout; only the filter's strings may be null.
function readAclFields<S extends string | null>(r: Reader, version: number, str: (r: Reader) => S) {
  const resourceType = r.int8();
  const resourceName = str(r);
  // v0 has no pattern type: every binding is LITERAL.
  const patternType: number = version >= 1 ? r.int8() : PatternType.LITERAL;
  const principal = str(r);
  const host = str(r);
  const operation = r.int8();
  const permissionType = r.int8();
  return { resourceType, resourceName, patternType, principal, host, operation, permissionType };
}

/** Reads one binding (a CreateAcls creation), without its tagged fields. */
export function readBinding(r: Reader, version: number, flexible: boolean): AclBinding {
  return readAclFields(r, version, (r) => readString(r, flexible));
}

/** Reads one filter (DescribeAcls body, DeleteAcls item), without its tagged fields. */
export function readFilter(r: Reader, version: number, flexible: boolean): AclFilter {
  return readAclFields(r, version, (r) => readNullableString(r, flexible));
}

/** Writes a resource pattern: type, name and, from v1, pattern type. */
export function writeResource(w: Writer, p: { resourceType: number; resourceName: string; patternType: number }, version: number, flexible: boolean): Writer {
  w.int8(p.resourceType);
  writeString(w, p.resourceName, flexible);
  if (version >= 1) w.int8(p.patternType);
  return w;
}

/** Writes an access control entry: principal, host, operation, permission type. */
export function writeEntry(w: Writer, a: AclBinding, flexible: boolean): Writer {
  writeString(w, a.principal, flexible);
  writeString(w, a.host, flexible);
  return w.int8(a.operation).int8(a.permissionType);
}
