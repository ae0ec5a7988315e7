// The explorer's ACL calls (src/kafka/admin.ts) with real kafkajs against the sandbox broker:
// create, describe (all, a topic's with MATCH, a group's), delete by filter. Effects are checked with
// a separate kafkajs admin, in Kafka's own enum values.
import * as assert from 'assert';
import { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes, type Admin } from 'kafkajs';
import type { AclBinding, ClusterAdmin } from '../../../src/kafka/admin';
import { startSandboxAdmin, type SandboxAdmin } from '../../helpers/sandbox-admin';

describe('kafka/admin: ACLs against the sandbox', function () {
  this.timeout(60_000);
  let env: SandboxAdmin | undefined;
  let check: Admin;
  let client: ClusterAdmin;
  const alice = (over: Partial<AclBinding>): AclBinding => ({
    resourceType: 'TOPIC', resourceName: 'orders', patternType: 'LITERAL', principal: 'User:alice', host: '*', operation: 'READ', permission: 'ALLOW', ...over,
  });

  before(async () => {
    env = await startSandboxAdmin();
    ({ check, client } = env);
  });

  after(() => env?.stop());

  it('creates bindings that kafkajs then lists with Kafka\'s enum values', async () => {
    await client.createAcls([alice({}), alice({ resourceName: 'ord', patternType: 'PREFIXED', operation: 'WRITE', permission: 'DENY' }), alice({ resourceType: 'GROUP', resourceName: 'billing-service' })]);
    const r = await check.describeAcls({
      resourceType: AclResourceTypes.TOPIC, resourcePatternType: ResourcePatternTypes.ANY, operation: AclOperationTypes.ANY, permissionType: AclPermissionTypes.ANY,
    });
    const seen = r.resources.flatMap((res) => res.acls.map((a) => [res.resourceName, res.resourcePatternType, a.principal, a.operation, a.permissionType]));
    assert.deepStrictEqual(seen.sort(), [
      ['ord', ResourcePatternTypes.PREFIXED, 'User:alice', AclOperationTypes.WRITE, AclPermissionTypes.DENY],
      ['orders', ResourcePatternTypes.LITERAL, 'User:alice', AclOperationTypes.READ, AclPermissionTypes.ALLOW],
    ].sort());
  });

  it('describes every binding, the ones that apply to a topic (MATCH), and a group\'s', async () => {
    const all = await client.describeAcls();
    assert.strictEqual(all.length, 3);
    const topic = await client.describeAcls({ resourceType: 'TOPIC', resourceName: 'orders', patternType: 'MATCH' });
    assert.deepStrictEqual(topic.map((b) => `${b.patternType} ${b.resourceName} ${b.operation} ${b.permission}`), ['PREFIXED ord WRITE DENY', 'LITERAL orders READ ALLOW']);
    const other = await client.describeAcls({ resourceType: 'TOPIC', resourceName: 'audit-log', patternType: 'MATCH' });
    assert.deepStrictEqual(other, []);
    const group = await client.describeAcls({ resourceType: 'GROUP', resourceName: 'billing-service', patternType: 'MATCH' });
    assert.deepStrictEqual(group, [alice({ resourceType: 'GROUP', resourceName: 'billing-service' })]);
  });

  it('deletes the bindings a filter matches and answers them', async () => {
    const deleted = await client.deleteAcls([{ resourceType: 'TOPIC', principal: 'User:alice' }]);
    assert.deepStrictEqual(deleted.map((b) => b.resourceName), ['ord', 'orders']);
    const left = await check.describeAcls({
      resourceType: AclResourceTypes.ANY, resourcePatternType: ResourcePatternTypes.ANY, operation: AclOperationTypes.ANY, permissionType: AclPermissionTypes.ANY,
    });
    assert.deepStrictEqual(left.resources.map((r) => r.resourceName), ['billing-service']);
  });
});
