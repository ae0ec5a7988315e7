// Lint throughput: generates 10,000 mixed config and code files (bench/.work/lint, git-ignored),
// then times (a) reading every file (the baseline) and (b) reading and linting every file with the
// built engine (dist/lint.js), in-process. Medians of 9 runs after a warm-up; the ratio is the median of each run's lint/read ratio. Goal: (b) within 3x of (a).
//   node bench/lint.mjs [--files N] [--runs N]      (or: npm run bench -- lint)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { median, root, updateSection } from './lib.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const FILES = arg('files', 10_000);
const RUNS = arg('runs', 9);
const work = join(root, 'bench/.work/lint');

/** Deterministic PRNG, so every run lints the same tree. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HOST = (i) => `b-${(i % 3) + 1}.orders${i % 7}.x7k2pq.c3.kafka.us-east-1.amazonaws.com`;
const pick = (rnd, xs) => xs[Math.floor(rnd() * xs.length)];

const templates = [
  ['producer.properties', (i, rnd) => `# producer ${i}\nbootstrap.servers=${HOST(i)}:${pick(rnd, [9098, 9094, 9092])}\nsecurity.protocol=SASL_SSL\nsasl.mechanism=AWS_MSK_IAM\nsasl.jaas.config=software.amazon.msk.auth.iam.IAMLoginModule required;\nsasl.client.callback.handler.class=software.amazon.msk.auth.iam.IAMClientCallbackHandler\nkey.serializer=org.apache.kafka.common.serialization.StringSerializer\nvalue.serializer=org.apache.kafka.common.serialization.ByteArraySerializer\nacks=${pick(rnd, ['all', '1', '-1'])}\n${rnd() < 0.5 ? 'enable.idempotence=true\n' : ''}linger.ms=${Math.floor(rnd() * 50)}\nbatch.size=65536\nmax.request.size=${pick(rnd, [1048576, 2097152])}\ncompression.type=zstd\n`],
  ['consumer.properties', (i) => `bootstrap.servers=${HOST(i)}:9092\ngroup.id=g${i}\nkey.deserializer=org.apache.kafka.common.serialization.StringDeserializer\nvalue.deserializer=org.apache.kafka.common.serialization.StringDeserializer\nauto.offset.reset=earliest\nenable.auto.commit=false\nmax.poll.records=500\n`],
  ['server.properties', (i) => `broker.id=${i}\nlisteners=PLAINTEXT://:9092\nlog.dirs=/var/lib/kafka\nnum.partitions=3\nmessage.max.bytes=10485760\n`],
  ['application.yml', (i, rnd) => `server:\n  port: 8080\nspring:\n  application:\n    name: svc${i}\n  kafka:\n    bootstrap-servers:\n      - ${HOST(i)}:9098\n    producer:\n      acks: ${pick(rnd, ['all', '1'])}\n      key-serializer: org.apache.kafka.common.serialization.StringSerializer\n      properties:\n        "[enable.idempotence]": ${pick(rnd, ['true', 'false'])}\n    consumer:\n      group-id: svc${i}\n      auto-offset-reset: earliest\nmanagement:\n  endpoints:\n    web:\n      exposure:\n        include: health,info\n`],
  ['deployment.yaml', (i) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app${i}\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n        - name: app\n          image: example/app:${i}\n          env:\n            - name: KAFKA_BROKERS\n              value: "${HOST(i)}:9098"\n`],
  ['config.json', (i, rnd) => JSON.stringify({ service: `svc${i}`, kafka: { producer: { 'bootstrap.servers': `${HOST(i)}:9098`, acks: pick(rnd, ['all', '0']), 'linger.ms': 5, 'enable.idempotence': rnd() < 0.5 }, consumer: { 'group.id': `g${i}` } }, features: { a: true, b: [1, 2, 3] } }, null, 2) + '\n'],
  ['package.json', (i) => JSON.stringify({ name: `pkg-${i}`, version: '1.0.0', scripts: { build: 'tsc', test: 'mocha' }, dependencies: { kafkajs: '^2.2.4' } }, null, 2) + '\n'],
  ['producer.ts', (i, rnd) => `import { Kafka, logLevel } from 'kafkajs';\nimport { generateAuthToken } from 'aws-msk-iam-sasl-signer-js';\n\nconst kafka = new Kafka({\n  clientId: 'svc${i}',\n  brokers: ['${HOST(i)}:9098'],\n  ssl: true,\n  sasl: {\n    mechanism: 'oauthbearer',\n    oauthBearerProvider: async () => {\n      const { token } = await generateAuthToken({ region: 'us-east-1' });\n      return { value: token };\n    },\n  },\n  logLevel: logLevel.WARN,\n});\n\nconst options = { idempotent: ${pick(rnd, ['true', 'false'])}, maxInFlightRequests: 1 };\nexport const producer = kafka.producer(options);\n\nexport async function publish(key: string, value: string): Promise<void> {\n  await producer.send({ topic: 'events', acks: ${pick(rnd, ['-1', '1'])}, messages: [{ key, value }] });\n}\n`],
  ['util.ts', (i) => `// helpers ${i}\nexport function clamp(n: number, lo: number, hi: number): number {\n  return Math.min(hi, Math.max(lo, n));\n}\n\nexport const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));\n\nexport class Queue<T> {\n  private items: T[] = [];\n  push(x: T): void { this.items.push(x); }\n  shift(): T | undefined { return this.items.shift(); }\n}\n`],
  ['worker.js', (i) => `const { Kafka } = require('kafkajs');\nconst kafka = new Kafka({ brokers: ['${HOST(i)}:9092'] });\nmodule.exports = kafka.producer();\n`],
];
const weights = [18, 8, 3, 14, 6, 10, 6, 15, 15, 5];

function generate() {
  const marker = join(work, `.complete-${FILES}`);
  if (existsSync(marker)) return readFileSync(marker, 'utf8').split('\n').filter(Boolean);
  rmSync(work, { recursive: true, force: true });
  const rnd = prng(42);
  const total = weights.reduce((a, b) => a + b, 0);
  const files = [];
  for (let i = 0; i < FILES; i++) {
    let r = rnd() * total;
    let t = 0;
    while (r >= weights[t]) r -= weights[t++];
    const [name, make] = templates[t];
    const dir = join(work, `svc${Math.floor(i / 100)}`, `m${i % 10}`);
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${i}-${name}`);
    writeFileSync(file, make(i, rnd));
    files.push(file);
  }
  writeFileSync(marker, files.join('\n'));
  return files;
}

function time(fn) {
  const t0 = process.hrtime.bigint();
  const out = fn();
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, out };
}

const files = generate();
if (!existsSync(join(root, 'dist/lint.js'))) execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
const engine = createRequire(import.meta.url)(join(root, 'dist/lint.js'));

const readAll = () => {
  let bytes = 0;
  for (const f of files) bytes += readFileSync(f, 'utf8').length;
  return bytes;
};
const lintAll = () => {
  let findings = 0;
  for (const f of files) findings += engine.lintText(readFileSync(f, 'utf8'), f).length;
  return findings;
};

readAll();
for (let w = 0; w < 3; w++) lintAll(); // warm-up: JIT, and the engine's lazily built tables
const read = [];
const lint = [];
let findings = 0;
let chars = 0;
for (let r = 0; r < RUNS; r++) {
  const a = time(readAll);
  read.push(a.ms);
  chars = a.out;
  const b = time(lintAll);
  lint.push(b.ms);
  if (process.env.BENCH_VERBOSE) console.log(`run ${r + 1}: read ${a.ms.toFixed(0)} ms, read+lint ${b.ms.toFixed(0)} ms`);
  findings = b.out;
}
const readMs = median(read);
const lintMs = median(lint);
// each run's read and lint passes are adjacent in time: the median of their ratios cancels slow drift
const ratio = median(lint.map((l, i) => l / read[i]));
const fps = (ms) => Math.round(files.length / (ms / 1000)).toLocaleString('en-US');
console.log(`files: ${files.length} (${(chars / 1e6).toFixed(1)} M chars), findings: ${findings}`);
console.log(`read only:   ${readMs.toFixed(0)} ms  (${fps(readMs)} files/s)`);
console.log(`read + lint: ${lintMs.toFixed(0)} ms  (${fps(lintMs)} files/s)`);
console.log(`ratio: ${ratio.toFixed(2)}x the read-only baseline (goal: within 3x)`);

const date = new Date().toISOString().slice(0, 10);
updateSection('lint', '## Lint', [
  `Command: \`npm run bench -- lint\` (or \`node bench/lint.mjs --files ${FILES} --runs ${RUNS}\`), ${date}, ${process.platform} ${process.arch}, Node ${process.version}, ${cpus().length} cores.`,
  '',
  `${files.length.toLocaleString('en-US')} generated files (${(chars / 1e6).toFixed(1)} M characters) in bench/.work/lint, mixed by weight: ${templates.map(([n], i) => `${n} ${Math.round((weights[i] / weights.reduce((a, b) => a + b, 0)) * 100)}%`).join(', ')}. The engine is the built dist/lint.js, called in-process on each file's text; ${findings.toLocaleString('en-US')} findings per run. Medians of ${RUNS} runs after a warm-up; the ratio is the median of each run's (read+lint)/read, the two passes of a run being adjacent in time. On this 2-core VM the ratio has ranged from 2.65× to 3.7× between invocations of the same build, as the host's load changes (absolute times moved by half over an hour), so compare builds in one process, alternating them, rather than across invocations.`,
  '',
  '| measure | median | files/s |',
  '|---|---|---|',
  `| read every file (baseline) | ${readMs.toFixed(0)} ms | ${fps(readMs)} |`,
  `| read and lint every file | ${lintMs.toFixed(0)} ms | ${fps(lintMs)} |`,
  '',
  `Ratio: **${ratio.toFixed(2)}×** the read-only baseline (goal: within 3×).`,
].join('\n'));
