// MSK006 for clients that set no security at all: they connect in plaintext, so an MSK TLS, SCRAM or
// IAM port is a mismatch. Sections of larger configs and Spring profile files are the exception.
import * as assert from 'node:assert/strict';
import { applyEdits, lintText } from '../../../src/core/lint/index';

const HOST = 'b-1.orders.x7k2pq.c3.kafka.us-east-1.amazonaws.com';
const SERVERLESS = 'boot-abcd1234.c1.kafka-serverless.us-east-1.amazonaws.com';
const msk006 = (text: string, file: string) => lintText(text, file).filter((f) => f.ruleId === 'MSK006');

describe('MSK006 for a client that sets no security', () => {
  it('flags a Java config without security.protocol on each TLS, SCRAM and IAM port, not on 9092', () => {
    for (const port of [9094, 9096, 9098, 9194, 9196, 9198]) {
      const found = msk006(`bootstrap.servers=${HOST}:${port}\nclient.id=ops\n`, 'client.properties');
      assert.equal(found.length, 1, String(port));
      assert.equal(found[0].messageId, 'noSecurity');
      assert.match(found[0].message, new RegExp(`Port ${port} .* sets no security\\.protocol`));
    }
    assert.deepEqual(msk006(`bootstrap.servers=${HOST}:9092\nclient.id=ops\n`, 'client.properties'), []);
  });

  it('offers port 9092 only as a suggestion, and a config that names its protocol gets the preferred port fix', () => {
    const implicit = msk006(`bootstrap.servers=${HOST}:9098\nclient.id=ops\n`, 'client.properties')[0];
    assert.equal(implicit.fix?.preferred, false);
    assert.equal(applyEdits(`bootstrap.servers=${HOST}:9098\n`, implicit.fix.edits), `bootstrap.servers=${HOST}:9092\n`);
    const explicit = msk006(`bootstrap.servers=${HOST}:9098\nsecurity.protocol=SSL\n`, 'client.properties')[0];
    assert.equal(explicit.messageId, 'mismatch');
    assert.equal(explicit.fix?.preferred, true);
  });

  it('flags librdkafka, flat YAML and flat JSON configs, and a Spring base file', () => {
    assert.equal(msk006(`metadata.broker.list=${HOST}:9094\nqueue.buffering.max.ms=5\n`, 'rdkafka.properties').length, 1);
    assert.equal(msk006(`bootstrap.servers: ${HOST}:9096\nclient.id: ops\n`, 'client.yaml').length, 1);
    assert.equal(msk006(`{ "bootstrap.servers": "${HOST}:9098", "client.id": "ops" }`, 'client.json').length, 1);
    assert.equal(msk006(`spring:\n  kafka:\n    bootstrap-servers: ${HOST}:9098\n`, 'src/main/resources/application.yml').length, 1);
  });

  it('leaves Spring profile files alone: their base file may set the protocol', () => {
    const text = `spring:\n  kafka:\n    bootstrap-servers: ${HOST}:9098\n`;
    for (const f of ['application-prod.yml', 'config/application-staging.yaml', 'application-dev.properties']) {
      const t = f.endsWith('.properties') ? `spring.kafka.bootstrap-servers=${HOST}:9098\n` : text;
      assert.deepEqual(msk006(t, f), [], f);
    }
    // a profile's document inside application.yml, too
    assert.deepEqual(msk006(`spring:\n  config:\n    activate:\n      on-profile: prod\n  kafka:\n    bootstrap-servers: ${HOST}:9098\n`, 'application.yml'), []);
    // and a file that sets the protocol for the consumer only: its producer may get it elsewhere
    assert.deepEqual(msk006(`spring:\n  kafka:\n    bootstrap-servers: ${HOST}:9098\n    consumer:\n      security:\n        protocol: SASL_SSL\n`, 'application.yml'), []);
  });

  it('leaves a producer section of a larger file alone, and a config with other security settings (MSK005 territory)', () => {
    const section = `kafka:\n  security.protocol: SASL_SSL\n  producer:\n    bootstrap.servers: ${HOST}:9098\n    acks: all\n    enable.idempotence: true\n`;
    assert.deepEqual(msk006(section, 'app.yaml'), []);
    assert.deepEqual(msk006(`bootstrap.servers=${HOST}:9098\nsasl.mechanism=AWS_MSK_IAM\n`, 'client.properties'), []);
    assert.deepEqual(msk006(`bootstrap.servers=${HOST}:9094\nssl.truststore.location=/etc/kafka/truststore.jks\n`, 'client.properties'), []);
  });

  it('flags a kafkajs client with neither ssl nor sasl, as a suggestion; ssl: false is an explicit plaintext client', () => {
    const implicit = msk006(`import { Kafka } from 'kafkajs';\nnew Kafka({ brokers: ['${HOST}:9096'] });\n`, 'k.ts');
    assert.equal(implicit.length, 1);
    assert.equal(implicit[0].messageId, 'kafkajsNoSecurity');
    assert.equal(implicit[0].fix?.preferred, false);
    const explicit = msk006(`import { Kafka } from 'kafkajs';\nnew Kafka({ brokers: ['${HOST}:9096'], ssl: false });\n`, 'k.ts');
    assert.equal(explicit[0].messageId, 'mismatch');
    assert.equal(explicit[0].fix?.preferred, true);
  });

  it('flags a plaintext or TLS client on MSK Serverless, which accepts IAM only', () => {
    const plain = msk006(`bootstrap.servers=${SERVERLESS}:9098\nclient.id=ops\n`, 'client.properties');
    assert.equal(plain.length, 1);
    assert.equal(plain[0].messageId, 'serverlessAuth');
    assert.match(plain[0].message, /plaintext \(it sets no security\)/);
    assert.equal(msk006(`import { Kafka } from 'kafkajs';\nnew Kafka({ brokers: ['${SERVERLESS}:9098'], ssl: true });\n`, 'k.ts')[0]?.messageId, 'serverlessAuth');
    const iam = `bootstrap.servers=${SERVERLESS}:9098\nsecurity.protocol=SASL_SSL\nsasl.mechanism=AWS_MSK_IAM\nsasl.jaas.config=software.amazon.msk.auth.iam.IAMLoginModule required;\nsasl.client.callback.handler.class=software.amazon.msk.auth.iam.IAMClientCallbackHandler\n`;
    assert.deepEqual(msk006(iam, 'client.properties'), []);
  });
});
