// ACL names as Kafka spells them (kafka-acls, AdminClient). No kafkajs here: the extension's own
// bundle uses these names without loading the Kafka chunk; admin.ts maps them to kafkajs's enums.
export type AclResourceType = 'TOPIC' | 'GROUP' | 'CLUSTER' | 'TRANSACTIONAL_ID';
export type AclPatternType = 'LITERAL' | 'PREFIXED';
export type AclOperation = 'ALL' | 'READ' | 'WRITE' | 'CREATE' | 'DELETE' | 'ALTER' | 'DESCRIBE' | 'CLUSTER_ACTION' | 'DESCRIBE_CONFIGS' | 'ALTER_CONFIGS' | 'IDEMPOTENT_WRITE';
export type AclPermission = 'ALLOW' | 'DENY';
export const ACL_OPERATIONS: readonly AclOperation[] = ['ALL', 'READ', 'WRITE', 'CREATE', 'DELETE', 'ALTER', 'DESCRIBE', 'CLUSTER_ACTION', 'DESCRIBE_CONFIGS', 'ALTER_CONFIGS', 'IDEMPOTENT_WRITE'];
export interface AclBinding {
  resourceType: AclResourceType;
  resourceName: string;
  patternType: AclPatternType;
  /** "User:alice" (SCRAM), "User:CN=…" (mTLS). */
  principal: string;
  host: string;
  operation: AclOperation;
  permission: AclPermission;
}
/** A DescribeAcls / DeleteAcls filter: an absent field matches anything; MATCH finds the bindings that apply to a name. */
export interface AclQuery {
  resourceType?: AclResourceType;
  resourceName?: string;
  patternType?: AclPatternType | 'MATCH';
  principal?: string;
  host?: string;
  operation?: AclOperation;
  permission?: AclPermission;
}

