import * as assert from 'node:assert/strict';
import { describeSecrets, findSecrets } from '../../../src/core/snippets/secrets';

const kinds = (text: string) => findSecrets(text).map((f) => `${f.kind}@${f.line}${f.key ? ':' + f.key : ''}`);

describe('findSecrets', () => {
  it('finds a private key PEM, naming its line', () => {
    const text = 'ssl.key.location=client-key.pem\n-----BEGIN PRIVATE KEY-----\nMIIEv...\n-----END PRIVATE KEY-----\n';
    assert.deepEqual(kinds(text), ['private-key@1']);
    assert.deepEqual(kinds('-----BEGIN RSA PRIVATE KEY-----\nx'), ['private-key@0']);
    assert.deepEqual(kinds('-----BEGIN OPENSSH PRIVATE KEY-----'), ['private-key@0']);
    assert.deepEqual(kinds('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----'), [], 'a certificate is public');
  });

  it('finds AWS keys: secret access keys, access key ids and session tokens, in credentials files, env and code', () => {
    const creds = '[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\naws_session_token = IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJGMEQCIBx\n';
    assert.deepEqual(kinds(creds), ['aws-access-key-id@1', 'aws-secret-key@2:aws_secret_access_key', 'aws-session-token@3:aws_session_token']);
    assert.deepEqual(kinds('export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'), ['aws-secret-key@0:AWS_SECRET_ACCESS_KEY']);
    assert.deepEqual(kinds("const credentials = { accessKeyId: 'ASIAXXXXXXXXXXXXXXXX', secretAccessKey: 'abc/def', sessionToken: 'tok' };"),
      ['aws-access-key-id@0', 'aws-secret-key@0:secretAccessKey', 'aws-session-token@0:sessionToken']);
  });

  it('finds literal passwords in .properties, JAAS, YAML, JSON, kafkajs, Python and Go', () => {
    assert.deepEqual(kinds('ssl.keystore.password=changeit'), ['password@0:ssl.keystore.password']);
    assert.deepEqual(kinds('sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="alice" password="alice-secret";'), ['password@0:password']);
    assert.deepEqual(kinds('spring:\n  kafka:\n    ssl:\n      key-store-password: hunter2\n'), ['password@3:key-store-password']);
    assert.deepEqual(kinds('{ "sasl.username": "u", "sasl.password": "p4ss" }'), ['password@0:sasl.password']);
    assert.deepEqual(kinds("const kafka = new Kafka({ sasl: { mechanism: 'scram-sha-512', username: 'u', password: 'p4ss' } });"), ['password@0:password']);
    assert.deepEqual(kinds("conf = {\n    'sasl.password': 'p4ss',\n}"), ['password@1:sasl.password']);
    assert.deepEqual(kinds('kgo.SASL(scram.Auth{User: "u", Pass: "p4ss"}.AsSha512Mechanism())'), ['password@0:Pass']);
    assert.deepEqual(kinds('sasl.oauthbearer.client.secret=abc123'), ['secret@0:sasl.oauthbearer.client.secret']);
  });

  it('lets through values that only say where the secret comes from', () => {
    for (const text of [
      'sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="alice" password="${env:KAFKA_PASSWORD}";',
      'spring.kafka.ssl.key-store-password=${KAFKA_KEYSTORE_PASSWORD}',
      "const kafka = new Kafka({ sasl: { mechanism: 'scram-sha-512', username, password: process.env.KAFKA_PASSWORD ?? '' } });",
      'const sasl = { mechanism: "scram-sha-512", username: cfg.user, password: cfg.password };',
      "conf = {'sasl.password': os.environ['KAFKA_PASSWORD']}",
      'scram.Auth{User: os.Getenv("U"), Pass: os.Getenv("P")}',
      'return aws.Auth{AccessKey: creds.AccessKeyID, SecretKey: creds.SecretAccessKey, SessionToken: creds.SessionToken}, nil',
      'ssl.keystore.password=',
      'scramSecretArn: arn:aws:secretsmanager:us-east-1:123456789012:secret:AmazonMSK_alice',
      'sasl.jaas.config=software.amazon.msk.auth.iam.IAMLoginModule required;',
      'const { token, expiryTime } = await generateAuthToken({ region });',
      'password="${1:placeholder}"',
    ]) assert.deepEqual(kinds(text), [], text);
  });

  it('describes what it found in one sentence, with the setting and the line', () => {
    const found = findSecrets('a=1\nsasl.password=x\n-----BEGIN EC PRIVATE KEY-----\n');
    assert.equal(describeSecrets(found), 'a password (sasl.password, line 2), a private key (line 3)');
  });
});
