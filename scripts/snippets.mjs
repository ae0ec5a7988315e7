// Writes the contributed connection snippets, snippets/<format>.code-snippets, from the tables below:
// one producer and one consumer per auth mode (IAM, SCRAM, mTLS, TLS) and per format.
//   node scripts/snippets.mjs           write the files
//   node scripts/snippets.mjs --check   exit 1 when a file differs from what would be written
// The files are committed (VS Code reads them from the .vsix); test/unit/snippets checks that they are
// current, that every body expands, that every producer lints clean and that each port fits its auth mode.
// The recipe snippets (snippets/msk-recipe.code-snippets, for the .msk language) come from RECIPE_SNIPPETS below.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

// MSK's in-VPC listener ports per auth mode (/work/shared/domain/msk-facts.md; public access adds 100)
export const PORTS = { iam: 9098, scram: 9096, mtls: 9094, tls: 9094 };
const MODES = ['iam', 'scram', 'mtls', 'tls'];
const MODE_NAME = { iam: 'IAM', scram: 'SASL/SCRAM', mtls: 'mutual TLS (client certificate)', tls: 'TLS' };
const host = (n) => `b-${n}.my-cluster.abc123.c2.kafka.us-east-1.amazonaws.com`;
/** Two broker hosts as tabstops 1 and 2, each with the mode's port written out (not a placeholder). */
const brokers = (mode, sep = ',') => `\${1:${host(1)}}:${PORTS[mode]}${sep}\${2:${host(2)}}:${PORTS[mode]}`;

const IAM_JAAS = 'software.amazon.msk.auth.iam.IAMLoginModule required;';
const IAM_HANDLER = 'software.amazon.msk.auth.iam.IAMClientCallbackHandler';
const SCRAM_JAAS = (user, password) => `org.apache.kafka.common.security.scram.ScramLoginModule required username="${user}" password="${password}";`;
// Kafka's own config provider (3.5+) reads ${env:NAME} from the environment, so no secret is written down
const ENV_PROVIDER = ['config.providers=env', 'config.providers.env.class=org.apache.kafka.common.config.provider.EnvVarConfigProvider'];

// ---- Java .properties -------------------------------------------------------------------------------
function javaAuth(mode) {
  switch (mode) {
    case 'iam':
      return ['# IAM: needs software.amazon.msk:aws-msk-iam-auth on the classpath', 'security.protocol=SASL_SSL', 'sasl.mechanism=AWS_MSK_IAM',
        `sasl.jaas.config=${IAM_JAAS}`, `sasl.client.callback.handler.class=${IAM_HANDLER}`];
    case 'scram':
      return ['# SCRAM: the user of an AmazonMSK_ secret in Secrets Manager; the password from the environment', 'security.protocol=SASL_SSL',
        'sasl.mechanism=SCRAM-SHA-512', ...ENV_PROVIDER, `sasl.jaas.config=${SCRAM_JAAS('${3:msk-user}', '\\${env:${4:KAFKA_SCRAM_PASSWORD}\\}')}`];
    case 'mtls':
      return ['# mutual TLS: a client certificate issued by your AWS Private CA, in a PKCS12 keystore', 'security.protocol=SSL',
        'ssl.keystore.type=PKCS12', 'ssl.keystore.location=${3:/path/to/client.keystore.p12}', ...ENV_PROVIDER,
        'ssl.keystore.password=\\${env:${4:KAFKA_KEYSTORE_PASSWORD}\\}'];
    case 'tls':
      return ['# TLS: the JVM trusts the certificates of MSK brokers as they are', 'security.protocol=SSL'];
  }
}
const javaProducer = (mode) => [`bootstrap.servers=${brokers(mode)}`, ...javaAuth(mode),
  'key.serializer=${5:org.apache.kafka.common.serialization.StringSerializer}',
  'value.serializer=${6:org.apache.kafka.common.serialization.StringSerializer}', 'enable.idempotence=true', 'acks=all', '$0'];
const javaConsumer = (mode) => [`bootstrap.servers=${brokers(mode)}`, ...javaAuth(mode), 'group.id=${5:my-group}',
  'key.deserializer=${6:org.apache.kafka.common.serialization.StringDeserializer}',
  'value.deserializer=${7:org.apache.kafka.common.serialization.StringDeserializer}', 'auto.offset.reset=${8|earliest,latest|}', '$0'];

// ---- Spring Boot (application.properties and application.yml) ----------------------------------------
/** Spring's settings as [key, value] pairs (keys under spring.kafka), so both files come from one table. */
function springAuth(mode) {
  switch (mode) {
    case 'iam':
      return [['security.protocol', 'SASL_SSL'], ['properties.sasl.mechanism', 'AWS_MSK_IAM'], ['properties.sasl.jaas.config', IAM_JAAS],
        ['properties.sasl.client.callback.handler.class', IAM_HANDLER]];
    case 'scram':
      return [['security.protocol', 'SASL_SSL'], ['properties.sasl.mechanism', 'SCRAM-SHA-512'],
        ['properties.sasl.jaas.config', SCRAM_JAAS('${3:msk-user}', '\\${${4:KAFKA_SCRAM_PASSWORD}\\}')]];
    case 'mtls':
      return [['security.protocol', 'SSL'], ['ssl.key-store-type', 'PKCS12'], ['ssl.key-store-location', 'file:${3:/path/to/client.keystore.p12}'],
        ['ssl.key-store-password', '\\${${4:KAFKA_KEYSTORE_PASSWORD}\\}']];
    case 'tls':
      return [['security.protocol', 'SSL']];
  }
}
const springProducer = (mode) => [['bootstrap-servers', brokers(mode)], ...springAuth(mode),
  ['producer.key-serializer', '${5:org.apache.kafka.common.serialization.StringSerializer}'],
  ['producer.value-serializer', '${6:org.apache.kafka.common.serialization.StringSerializer}'],
  ['producer.acks', 'all'], ['producer.properties.enable.idempotence', 'true']];
const springConsumer = (mode) => [['bootstrap-servers', brokers(mode)], ...springAuth(mode), ['consumer.group-id', '${5:my-group}'],
  ['consumer.key-deserializer', '${6:org.apache.kafka.common.serialization.StringDeserializer}'],
  ['consumer.value-deserializer', '${7:org.apache.kafka.common.serialization.StringDeserializer}'],
  ['consumer.auto-offset-reset', '${8|earliest,latest|}']];
const springProperties = (pairs) => [...pairs.map(([k, v]) => `spring.kafka.${k}=${v}`), '$0'];

/** Nested YAML under spring.kafka; what follows a `properties` segment is one key (a Kafka setting), as Spring reads it. */
function springYaml(pairs) {
  const lines = ['spring:', '  kafka:'];
  const open = [];
  for (const [key, value] of pairs) {
    const segs = key.split('.');
    const cut = segs.indexOf('properties');
    const path = cut >= 0 ? [...segs.slice(0, cut + 1), segs.slice(cut + 1).join('.')] : segs;
    let depth = 0;
    while (depth < open.length && depth < path.length - 1 && open[depth] === path[depth]) depth++;
    open.length = depth;
    for (; depth < path.length - 1; depth++) {
      lines.push(`${'  '.repeat(depth + 2)}${path[depth]}:`);
      open.push(path[depth]);
    }
    // plain words and booleans as they are; anything else single-quoted (no escapes in YAML's single quotes)
    const v = /^[\w.-]+$/.test(value) ? value : `'${value.replace(/'/g, "''")}'`;
    lines.push(`${'  '.repeat(depth + 2)}${path[depth]}: ${v}`);
  }
  return [...lines, '$0'];
}

// ---- kafkajs (TypeScript and JavaScript) -------------------------------------------------------------
function kafkajs(mode, role, lang) {
  const ts = lang === 'ts';
  const imports = ts ? ["import { Kafka } from 'kafkajs';"] : ["const { Kafka } = require('kafkajs');"];
  if (mode === 'iam') imports.push(ts ? "import { generateAuthToken } from 'aws-msk-iam-sasl-signer-js';" : "const { generateAuthToken } = require('aws-msk-iam-sasl-signer-js');");
  if (mode === 'mtls') imports.push(ts ? "import { readFileSync } from 'node:fs';" : "const { readFileSync } = require('node:fs');");
  const pre = [];
  let auth;
  switch (mode) {
    case 'iam':
      pre.push('', "const region = '${3:us-east-1}';",
        '// a signed MSK IAM token lasts at most 15 minutes: keep one, and sign a new one a minute before it expires',
        ts ? 'let cached: { value: string; expiresAt: number } | undefined;' : 'let cached;');
      auth = ['  ssl: true,', '  sasl: {', "    mechanism: 'oauthbearer',", '    oauthBearerProvider: async () => {',
        '      if (!cached || cached.expiresAt - Date.now() < 60_000) {', '        const { token, expiryTime } = await generateAuthToken({ region });',
        '        cached = { value: token, expiresAt: expiryTime };', '      }', '      return { value: cached.value };', '    },', '  },'];
      break;
    case 'scram':
      auth = ['  ssl: true,', '  sasl: {', "    mechanism: 'scram-sha-512',", "    username: process.env.${3:KAFKA_SCRAM_USER} ?? '',",
        "    password: process.env.${4:KAFKA_SCRAM_PASSWORD} ?? '',", '  },'];
      break;
    case 'mtls':
      auth = ['  // a client certificate issued by your AWS Private CA', '  ssl: {', "    cert: readFileSync('${3:client-cert.pem}'),", "    key: readFileSync('${4:client-key.pem}'),", '  },'];
      break;
    case 'tls':
      auth = ['  ssl: true,'];
      break;
  }
  const kafka = ['', 'const kafka = new Kafka({', "  clientId: '${5:my-app}',", `  brokers: ['${brokers(mode, "', '")}'],`, ...auth, '});', ''];
  const use = role === 'producer'
    ? ['// idempotent, one request in flight: retries never duplicate or reorder; send() waits for all in-sync replicas (acks -1)',
      'const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });', '$0']
    : ["const consumer = kafka.consumer({ groupId: '${6:my-group}' });", '$0'];
  return [...imports, ...pre, ...kafka, ...use];
}

// ---- librdkafka JSON ---------------------------------------------------------------------------------
function librdkafkaAuth(mode) {
  switch (mode) {
    case 'iam':
      return [['security.protocol', 'SASL_SSL'], ['sasl.mechanisms', 'OAUTHBEARER']];
    case 'scram':
      return [['security.protocol', 'SASL_SSL'], ['sasl.mechanisms', 'SCRAM-SHA-512'], ['sasl.username', '${3:msk-user}']];
    case 'mtls':
      return [['security.protocol', 'SSL'], ['ssl.certificate.location', '${3:client-cert.pem}'], ['ssl.key.location', '${4:client-key.pem}']];
    case 'tls':
      return [['security.protocol', 'SSL']];
  }
}
function json(pairs) {
  const body = pairs.map(([k, v], i) => `  "${k}": ${typeof v === 'boolean' ? v : `"${v}"`}${i < pairs.length - 1 ? ',' : ''}`);
  return ['{', ...body, '}$0'];
}
const librdkafkaProducer = (mode) => json([['bootstrap.servers', brokers(mode)], ...librdkafkaAuth(mode), ['enable.idempotence', true], ['acks', 'all']]);
const librdkafkaConsumer = (mode) => json([['bootstrap.servers', brokers(mode)], ...librdkafkaAuth(mode), ['group.id', '${5:my-group}'], ['auto.offset.reset', '${6|earliest,latest|}']]);

// ---- Python confluent-kafka (librdkafka's settings) --------------------------------------------------
function python(mode, role) {
  const head = [...(mode === 'scram' ? ['import os', ''] : []), `from confluent_kafka import ${role === 'producer' ? 'Producer' : 'Consumer'}`];
  const pre = [];
  const auth = [];
  switch (mode) {
    case 'iam':
      head.push('from aws_msk_iam_sasl_signer import MSKAuthTokenProvider  # pip install aws-msk-iam-sasl-signer-python');
      pre.push('', '', 'def oauth_cb(_config):', '    # a signed MSK IAM token lasts at most 15 minutes; librdkafka asks again before it expires',
        "    token, expiry_ms = MSKAuthTokenProvider.generate_auth_token('${3:us-east-1}')", '    return token, expiry_ms / 1000');
      auth.push("    'security.protocol': 'SASL_SSL',", "    'sasl.mechanism': 'OAUTHBEARER',", "    'oauth_cb': oauth_cb,");
      break;
    case 'scram':
      auth.push("    'security.protocol': 'SASL_SSL',", "    'sasl.mechanism': 'SCRAM-SHA-512',", "    'sasl.username': os.environ['${3:KAFKA_SCRAM_USER}'],",
        "    'sasl.password': os.environ['${4:KAFKA_SCRAM_PASSWORD}'],");
      break;
    case 'mtls':
      auth.push("    'security.protocol': 'SSL',", "    'ssl.certificate.location': '${3:client-cert.pem}',", "    'ssl.key.location': '${4:client-key.pem}',");
      break;
    case 'tls':
      auth.push("    'security.protocol': 'SSL',");
      break;
  }
  const cfg = role === 'producer'
    ? ["    'enable.idempotence': True,", "    'acks': 'all',", '})']
    : ["    'group.id': '${5:my-group}',", "    'auto.offset.reset': '${6|earliest,latest|}',", '})'];
  const name = role === 'producer' ? 'producer = Producer' : 'consumer = Consumer';
  return [...head, ...pre, '', '', `${name}({`, `    'bootstrap.servers': '${brokers(mode)}',`, ...auth, ...cfg, '$0'];
}

// ---- Go (franz-go) -----------------------------------------------------------------------------------
function go(mode, role) {
  const imports = ['"context"', '', '"github.com/twmb/franz-go/pkg/kgo"'];
  const opts = [`kgo.SeedBrokers("${brokers(mode, '", "')}"),`];
  const pre = [];
  switch (mode) {
    case 'iam':
      imports.splice(1, 0, '"crypto/tls"');
      imports.push('"github.com/aws/aws-sdk-go-v2/config"', '"github.com/twmb/franz-go/pkg/sasl/aws"');
      pre.push('awsCfg, err := config.LoadDefaultConfig(ctx, config.WithRegion("${3:us-east-1}"))', 'if err != nil {', '\treturn err', '}');
      opts.push('kgo.DialTLSConfig(new(tls.Config)),', '// MSK IAM (AWS_MSK_IAM), signed with the default AWS credential chain',
        'kgo.SASL(aws.ManagedStreamingIAM(func(ctx context.Context) (aws.Auth, error) {',
        '\tcreds, err := awsCfg.Credentials.Retrieve(ctx)', '\tif err != nil {', '\t\treturn aws.Auth{}, err', '\t}',
        '\treturn aws.Auth{AccessKey: creds.AccessKeyID, SecretKey: creds.SecretAccessKey, SessionToken: creds.SessionToken}, nil', '})),');
      break;
    case 'scram':
      imports.splice(1, 0, '"crypto/tls"', '"os"');
      imports.push('"github.com/twmb/franz-go/pkg/sasl/scram"');
      opts.push('kgo.DialTLSConfig(new(tls.Config)),', 'kgo.SASL(scram.Auth{User: os.Getenv("${3:KAFKA_SCRAM_USER}"), Pass: os.Getenv("${4:KAFKA_SCRAM_PASSWORD}")}.AsSha512Mechanism()),');
      break;
    case 'mtls':
      imports.splice(1, 0, '"crypto/tls"');
      pre.push('// a client certificate issued by your AWS Private CA', 'cert, err := tls.LoadX509KeyPair("${3:client-cert.pem}", "${4:client-key.pem}")', 'if err != nil {', '\treturn err', '}');
      opts.push('kgo.DialTLSConfig(&tls.Config{Certificates: []tls.Certificate{cert}}),');
      break;
    case 'tls':
      imports.splice(1, 0, '"crypto/tls"');
      opts.push('kgo.DialTLSConfig(new(tls.Config)),');
      break;
  }
  if (role === 'producer') opts.push('// franz-go writes idempotently unless told not to; wait for all in-sync replicas', 'kgo.RequiredAcks(kgo.AllISRAcks()),', 'kgo.DefaultProduceTopic("${5:my-topic}"),');
  else opts.push('kgo.ConsumerGroup("${5:my-group}"),', 'kgo.ConsumeTopics("${6:my-topic}"),');
  const fn = role === 'producer' ? 'newProducer' : 'newConsumer';
  // goimports' order: the standard library, a blank line, then the modules, each group sorted
  const blank = imports.indexOf('');
  imports.splice(0, imports.length, ...imports.slice(0, blank).sort(), '', ...imports.slice(blank + 1).sort());
  return ['import (', ...imports.map((i) => (i ? `\t${i}` : '')), ')', '',
    `func ${fn}(ctx context.Context) (*kgo.Client, error) {`,
    ...pre.map((l) => `\t${l.replace('return err', 'return nil, err')}`),
    '\treturn kgo.NewClient(', ...opts.map((o) => `\t\t${o.replace(/\n/g, '\n\t\t')}`), '\t)', '}', '$0'];
}

// ---- the files ---------------------------------------------------------------------------------------
/**
 * One file per format. `languages`: the language ids package.json contributes it to; `kind`: the
 * linter's file kind (null: none reads the format); `fileName`: the name the test lints it under.
 */
export const FILES = {
  'java-properties': { title: 'Java client .properties', languages: ['properties', 'java-properties'], kind: 'properties', fileName: 'client.properties', prefix: 'msk', producer: javaProducer, consumer: javaConsumer },
  'spring-properties': { title: 'Spring Boot application.properties', languages: ['spring-boot-properties', 'properties'], kind: 'properties', fileName: 'application.properties', prefix: 'msk-spring', producer: (m) => springProperties(springProducer(m)), consumer: (m) => springProperties(springConsumer(m)) },
  'spring-yaml': { title: 'Spring Boot application.yml', languages: ['spring-boot-properties-yaml', 'yaml'], kind: 'yaml', fileName: 'application.yml', prefix: 'msk-spring', producer: (m) => springYaml(springProducer(m)), consumer: (m) => springYaml(springConsumer(m)) },
  'kafkajs-typescript': { title: 'kafkajs (TypeScript)', languages: ['typescript', 'typescriptreact'], kind: 'kafkajs', fileName: 'kafka.ts', prefix: 'msk-kafkajs', producer: (m) => kafkajs(m, 'producer', 'ts'), consumer: (m) => kafkajs(m, 'consumer', 'ts') },
  'kafkajs-javascript': { title: 'kafkajs (JavaScript)', languages: ['javascript', 'javascriptreact'], kind: 'kafkajs', fileName: 'kafka.js', prefix: 'msk-kafkajs', producer: (m) => kafkajs(m, 'producer', 'js'), consumer: (m) => kafkajs(m, 'consumer', 'js') },
  'librdkafka-json': { title: 'librdkafka JSON', languages: ['json', 'jsonc'], kind: 'json', fileName: 'librdkafka.json', prefix: 'msk-librdkafka', producer: librdkafkaProducer, consumer: librdkafkaConsumer },
  'python-confluent-kafka': { title: 'Python confluent-kafka', languages: ['python'], kind: null, fileName: 'client.py', prefix: 'msk-confluent-kafka', producer: (m) => python(m, 'producer'), consumer: (m) => python(m, 'consumer') },
  'go-franz-go': { title: 'Go franz-go', languages: ['go'], kind: null, fileName: 'client.go', prefix: 'msk-franz-go', producer: (m) => go(m, 'producer'), consumer: (m) => go(m, 'consumer') },
};

function snippetsOf(file) {
  const out = {};
  for (const role of ['producer', 'consumer']) {
    for (const mode of MODES) {
      const name = `MSK ${role}, ${MODE_NAME[mode]} (${file.title})`;
      out[name] = {
        prefix: `${file.prefix}-${role}-${mode}`,
        description: `An Amazon MSK ${role} over ${MODE_NAME[mode]}, port ${PORTS[mode]} (${PORTS[mode] + 100} with public access)` +
          (role === 'producer' ? ': idempotent, acks=all.' : '.') +
          (file.prefix === 'msk-librdkafka' && mode === 'iam' ? ' The OAUTHBEARER token comes from your code\'s token refresh callback (aws-msk-iam-sasl-signer).' : ''),
        body: file[role](mode),
      };
    }
  }
  return out;
}

// ---- .msk recipes (docs/recipes.md) -----------------------------------------------------------------
// `{{` starts a recipe template; in a snippet body `}` only needs escaping inside a placeholder
export const RECIPE_FILE = 'msk-recipe';
export const RECIPE_SNIPPETS = {
  'MSK recipe block': {
    prefix: 'msk-block',
    description: 'A recipe block: a topic, a key, a header and a JSON value with templates. Produce it from the CodeLens above it.',
    body: ['### ${1:Title}', 'topic: ${2:my-topic}', 'key: ${3:key-{{seq\\}\\}}', 'header ${4:trace-id}: {{uuid}}', '', '{', '  "id": "{{uuid}}",', '  "seq": {{seq}},', '  "createdAt": "{{now}}"$0', '}'],
  },
  'MSK recipe: JSON order': {
    prefix: 'msk-order',
    description: 'An order event in JSON with realistic data from Faker and random amounts: count messages per "Produce ×N".',
    body: ['### ${1:Order created}', 'topic: ${2:orders}', 'key: customer-{{int 1 ${3:500}\\}\\}', 'header trace-id: {{uuid}}', 'count: ${4:10}', '',
      '{', '  "orderId": "{{uuid}}",', '  "line": {{seq}},', '  "customer": {', '    "name": "{{faker.person.fullName}}",', '    "email": "{{faker.internet.email}}"', '  },',
      '  "amount": {{float 5 250 2}},', '  "currency": "{{pick ${5:EUR USD GBP}\\}\\}",', '  "express": {{bool}},', '  "createdAt": "{{now}}"$0', '}'],
  },
  'MSK recipe: text message': {
    prefix: 'msk-text',
    description: 'A recipe block with a plain-text value, sent as written.',
    body: ['### ${1:Log line}', 'topic: ${2:app-logs}', 'format: text', '', '${3:user {{int 1 100\\}\\} signed in at {{now\\}\\}}$0'],
  },
  'MSK recipe: tombstone': {
    prefix: 'msk-tombstone',
    description: 'A recipe block without a value: a tombstone (null value) that deletes its key on a compacted topic.',
    body: ['### ${1:Delete key}', 'topic: ${2:my-compacted-topic}', 'key: ${3:the-key}$0'],
  },
};

export function render(id) {
  if (id === RECIPE_FILE) return `// Generated by scripts/snippets.mjs (edit it there, then run: node scripts/snippets.mjs)\n${JSON.stringify(RECIPE_SNIPPETS, null, 2)}\n`;
  const header = `// Generated by scripts/snippets.mjs (edit it there, then run: node scripts/snippets.mjs)\n`;
  return header + JSON.stringify(snippetsOf(FILES[id]), null, 2) + '\n';
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check');
  mkdirSync(join(root, 'snippets'), { recursive: true });
  let stale = 0;
  for (const id of [...Object.keys(FILES), RECIPE_FILE]) {
    const path = join(root, 'snippets', `${id}.code-snippets`);
    const text = render(id);
    if (check) {
      let current = '';
      try { current = readFileSync(path, 'utf8'); } catch { /* missing: stale */ }
      if (current !== text) { console.error(`${path} is not what scripts/snippets.mjs writes: run node scripts/snippets.mjs`); stale++; }
    } else writeFileSync(path, text);
  }
  process.exit(stale ? 1 : 0);
}
