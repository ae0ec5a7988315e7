// Explorer benchmark: how long a cluster with 10,000 topics takes to show its topic list.
//   node bench/explorer.mjs [--topics 10000] [--runs 5]      (or: npm run bench -- explorer)
// Against the sandbox (built dist/sandbox.js, in this process), through the explorer's own code:
// the cluster node and Topics folder of out/src/vscode/explorer/cluster.js (compiled by
// `scripts/build.mjs --tests`, with a small stand-in for the `vscode` module: the tree only reads a
// setting and logs), and the data-plane chunk dist/kafka.js the extension loads. Each run:
//  - cold: a new connection (client created and connected), Metadata for every topic, the first
//    page of 500 topic nodes plus "Load more";
//  - refresh: the same client (reused across refreshes, as in the extension), read again.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { median, root, updateSection } from './lib.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(`--${name}`); return i >= 0 ? Number(args[i + 1]) : dflt; };
const TOPICS = opt('topics', 10000);
const RUNS = opt('runs', 5);

execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), '--tests'], { stdio: 'inherit' });

const require = createRequire(import.meta.url);
const Module = require('node:module');
// the stand-in vscode module: defaults for settings, a silent log channel, a memory Memento
const quiet = () => undefined;
const vscodeStub = {
  workspace: { getConfiguration: () => ({ get: (_k, d) => d }) },
  window: { createOutputChannel: () => ({ info: quiet, warn: quiet, error: quiet, debug: quiet, trace: quiet, show: quiet, dispose: quiet }) },
};
const load = Module._load;
Module._load = function (req, ...rest) { return req === 'vscode' ? vscodeStub : load.call(this, req, ...rest); };
const memento = () => { const m = new Map(); return { get: (k, d) => (m.has(k) ? m.get(k) : d), update: async (k, v) => { m.set(k, v); }, keys: () => [...m.keys()] }; };

const { ClusterRegistry, clusterNode } = require(join(root, 'out/src/vscode/explorer/cluster.js'));
const kafkaChunk = require(join(root, 'dist/kafka.js'));
const { startSandbox } = require(join(root, 'dist/sandbox.js'));
const { Kafka, logLevel } = require('kafkajs');

const sb = await startSandbox({});
try {
  const admin = new Kafka({ brokers: sb.bootstrap.split(','), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  const created = performance.now();
  for (let i = 0; i < TOPICS; i += 1000) {
    await admin.createTopics({
      waitForLeaders: false,
      topics: Array.from({ length: Math.min(1000, TOPICS - i) }, (_, j) => ({ topic: `bench-topic-${String(i + j).padStart(5, '0')}`, numPartitions: 1 })),
    });
  }
  await admin.disconnect();
  console.log(`created ${TOPICS} topics in ${Math.round(performance.now() - created)} ms`);

  const cold = [], warm = [];
  // one warm-up run (JIT, the chunks' first load), then the measured runs
  for (let run = -1; run < RUNS; run++) {
    const registry = new ClusterRegistry(memento());
    const target = {
      key: `bench:${run}`, name: 'bench', bootstrap: sb.bootstrap, readOnly: false,
      open: async () => kafkaChunk.createClusterAdmin(kafkaChunk.createKafka({ name: 'bench', bootstrap: sb.bootstrap })),
    };
    const list = async () => {
      const t0 = performance.now();
      const node = clusterNode(registry.handle(target, 'bench'), 'conn:');
      const [, topics] = await node.children();
      const shown = await topics.children();
      const ms = performance.now() - t0;
      if (topics.label !== `Topics (${TOPICS})`) throw new Error(`the folder says ${topics.label}`);
      if (shown.length !== 501 || shown[500].contextValue !== 'msk.loadMore') throw new Error(`${shown.length} nodes, the last ${shown.at(-1)?.label}`);
      return ms;
    };
    const c = await list();
    registry.handle(target, 'bench').invalidate(); // what msk.explorer.refresh does
    const w = await list();
    registry.dispose();
    if (run >= 0) {
      cold.push(c);
      warm.push(w);
    }
    console.log(`${run < 0 ? 'warm-up' : `run ${run + 1}`}: cold ${c.toFixed(0)} ms, refresh ${w.toFixed(0)} ms`);
  }
  const ok = median(cold) < 1000;
  const lines = [
    `Command: \`npm run bench -- explorer\` (or \`node bench/explorer.mjs --topics ${TOPICS} --runs ${RUNS}\`), ${new Date().toISOString().slice(0, 10)}, ${process.platform} ${process.arch}, Node ${process.version}, ${cpus().length} cores.`,
    '',
    `A sandbox cluster (3 brokers, in the benchmark's process) with ${TOPICS.toLocaleString('en-US')} topics of 1 partition. Timed: from creating the cluster node to holding the Topics folder's first page (500 topic nodes and "Load more"), through the explorer's own code (out/src/vscode/explorer/cluster.js with a stand-in \`vscode\` module) and the extension's data-plane chunk (dist/kafka.js). Topic details are not read: they are read when a topic is expanded. Medians of ${RUNS} runs after a warm-up.`,
    '',
    '| measure | median | runs |',
    '|---|---|---|',
    `| topic list, new connection (connect, Metadata, brokers' racks, groups) | ${median(cold).toFixed(0)} ms | ${RUNS} |`,
    `| topic list after a refresh (client reused) | ${median(warm).toFixed(0)} ms | ${RUNS} |`,
    '',
    `Goal: under 1 s for a new connection: ${ok ? 'met' : 'NOT met'}.`,
  ];
  updateSection('explorer', '## Explorer: a 10,000-topic cluster', lines.join('\n'));
  console.log(lines.join('\n'));
  if (!ok) process.exitCode = 1;
} finally {
  await sb.stop();
}
