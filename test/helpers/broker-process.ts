// startBroker() in a child Node process (TypeScript through tsx), so a test can read the broker's
// own RSS without the test's client buffers in it. Options go in as JSON; IPC messages: 'rss'
// (after a full GC) and 'stop'.
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { StartBrokerOptions } from '../../src/sandbox/broker';

export interface BrokerProcess {
  listeners: Record<string, string>;
  /** Resident set size of the broker process, in bytes, after a full garbage collection. */
  rss(): Promise<number>;
  /** Log lines the broker wrote so far. */
  logs: string[];
  stop(): Promise<void>;
}

const CHILD = `
const { startBroker } = require(${JSON.stringify(join(__dirname, '../../src/sandbox/broker.ts'))});
const options = JSON.parse(process.argv[1]);
startBroker({ ...options, log: (m) => process.send({ log: m }) }).then((b) => {
  const listeners = {};
  for (const [name, l] of Object.entries(b.listeners)) listeners[name] = l.bootstrap;
  process.send({ ready: listeners });
  process.on('message', (m) => {
    if (m === 'rss') { global.gc(); global.gc(); process.send({ rss: process.memoryUsage().rss }); }
    if (m === 'stop') b.stop().then(() => process.exit(0));
  });
}, (err) => { console.error(err); process.exit(1); });
`;

export async function startBrokerProcess(options: Omit<StartBrokerOptions, 'log' | 'handlers'>): Promise<BrokerProcess> {
  const child: ChildProcess = fork('-e', [CHILD, JSON.stringify(options)], {
    execArgv: ['--expose-gc', '--require', 'tsx/cjs'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const logs: string[] = [];
  const waiters: ((rss: number) => void)[] = [];
  const listeners = await new Promise<Record<string, string>>((resolve, reject) => {
    child.on('message', (m: { log?: string; ready?: Record<string, string>; rss?: number }) => {
      if (m.log !== undefined) logs.push(m.log);
      if (m.ready) resolve(m.ready);
      if (m.rss !== undefined) waiters.shift()?.(m.rss);
    });
    child.once('exit', (code) => reject(new Error(`broker process exited with ${code} before it was ready`)));
  });
  return {
    listeners,
    logs,
    rss: () => new Promise((resolve) => { waiters.push(resolve); child.send('rss'); }),
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      const kill = setTimeout(() => child.kill('SIGKILL'), 10000);
      child.once('exit', () => { clearTimeout(kill); resolve(); });
      child.send('stop');
    }),
  };
}
