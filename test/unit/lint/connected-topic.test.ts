// MSK003 when the editor is connected: the topic a Spring producer names is checked against that
// topic's real max.message.bytes on the cluster the config talks to.
import * as assert from 'assert';
import { applyEdits, lintText, type ConnectedCluster } from '../../../src/core/lint/index';

const sandbox: ConnectedCluster = {
  name: 'Local sandbox',
  brokers: ['127.0.0.1:19092', '127.0.0.1:19093', '127.0.0.1:19094'],
  topicMaxMessageBytes: { small: 200_000, orders: 1_048_588 },
};

function spring(topic: string, size: number, bootstrap = 'localhost:19092'): string {
  return [
    'spring:',
    '  kafka:',
    `    bootstrap-servers: ${bootstrap}`,
    '    template:',
    `      default-topic: ${topic}`,
    '    producer:',
    '      acks: all',
    '      properties:',
    '        enable.idempotence: true',
    `        max.request.size: ${size}`,
    '',
  ].join('\n');
}

const msk003 = (text: string, clusters?: ConnectedCluster[]) =>
  lintText(text, 'application.yml', { clusters }).filter((f) => f.ruleId === 'MSK003');

describe('MSK003 against a connected topic', () => {
  it('flags a request size above the named topic\'s real limit, though below the default', () => {
    const [f, ...rest] = msk003(spring('small', 500_000), [sandbox]);
    assert.strictEqual(rest.length, 0);
    assert.strictEqual(f.messageId, 'tooLargeForTopic');
    assert.match(f.message, /max\.message\.bytes of topic small on Local sandbox \(200000 bytes\)/);
    assert.strictEqual(f.range.start.line, 9);
    const fixed = applyEdits(spring('small', 500_000), f.fix!.edits);
    assert.match(fixed, /max\.request\.size: 200000/);
    assert.deepStrictEqual(msk003(fixed, [sandbox]), []);
  });

  it('accepts a size above the default when the named topic allows it', () => {
    const big: ConnectedCluster = { ...sandbox, topicMaxMessageBytes: { large: 5_000_000 } };
    assert.deepStrictEqual(msk003(spring('large', 2_000_000), [big]), []);
    // without the connection the default limit applies
    assert.strictEqual(msk003(spring('large', 2_000_000))[0].messageId, 'tooLarge');
  });

  it('leaves a size within the named topic\'s limit alone', () => {
    assert.deepStrictEqual(msk003(spring('orders', 500_000), [sandbox]), []);
  });

  it('uses the configured limit when the config talks to another cluster', () => {
    const other = spring('small', 500_000, 'b-1.prod.abc123.c2.kafka.us-east-1.amazonaws.com:9098');
    assert.deepStrictEqual(msk003(other, [sandbox]), []);
    assert.strictEqual(msk003(spring('small', 2_000_000, 'b-1.prod.abc123.c2.kafka.us-east-1.amazonaws.com:9098'), [sandbox])[0].messageId, 'tooLarge');
  });

  it('uses the configured limit for a topic the cluster does not have', () => {
    assert.deepStrictEqual(msk003(spring('unknown-topic', 500_000), [sandbox]), []);
  });

  it('picks the only connected cluster when the config names no brokers', () => {
    const text = spring('small', 500_000).replace(/ {4}bootstrap-servers: .*\n/, '');
    assert.strictEqual(msk003(text, [sandbox])[0].messageId, 'tooLargeForTopic');
    assert.deepStrictEqual(msk003(text, [sandbox, { ...sandbox, name: 'second', brokers: ['10.0.0.1:9092'] }]).map((f) => f.messageId), []);
  });

  it('does not turn a consumer-only Spring config that names a template topic into a producer config', () => {
    const text = ['spring:', '  kafka:', '    template:', '      default-topic: small', '    consumer:', '      group-id: billing', ''].join('\n');
    assert.deepStrictEqual(lintText(text, 'application.yml', { clusters: [sandbox] }), []);
  });
});
