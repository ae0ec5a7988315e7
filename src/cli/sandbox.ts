import type { Command } from 'commander';
import { UsageError } from './errors';

function intOption(name: string, min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${name} must be a whole number from ${min} to ${max}, got "${value}"`);
    return n;
  };
}

/** `msk-tools sandbox`: runs the local sandbox until SIGINT or SIGTERM. */
export function registerSandbox(program: Command): void {
  program
    .command('sandbox')
    .description('run a local Kafka-compatible sandbox (brokers + MSK API emulator); prints one JSON line when ready')
    .option('--brokers <n>', 'number of brokers', intOption('--brokers', 1, 64), 3)
    .option('--port <port>', 'base port: plaintext brokers take port, port+1, …; TLS, SASL/SCRAM and IAM listeners start at port+100, +200, +300 (0: ephemeral)', intOption('--port', 0, 65000), 19092)
    .option('--api-port <port>', 'MSK API emulator port (0 for ephemeral)', intOption('--api-port', 0, 65535), 14566)
    .option('--seed <name>', 'seed data: "demo" or "none"', 'none')
    .option('--data-dir <dir>', 'keep topics and messages in this folder across restarts')
    .option('--quiet', 'no logs on stderr')
    .action(async (opts: { brokers: number; port: number; apiPort: number; seed: string; dataDir?: string; quiet?: boolean }) => {
      if (opts.seed !== 'demo' && opts.seed !== 'none') throw new UsageError(`--seed must be "demo" or "none", got "${opts.seed}"`);
      const log = opts.quiet ? () => {} : (msg: string) => process.stderr.write(`[sandbox] ${msg}\n`);
      const { startSandbox } = await import('../sandbox/index');
      let sandbox;
      try {
        sandbox = await startSandbox({ brokers: opts.brokers, port: opts.port, apiPort: opts.apiPort, seed: opts.seed, dataDir: opts.dataDir, log });
      } catch (err) {
        const e = err as NodeJS.ErrnoException;
        if (e.code === 'EADDRINUSE') throw new UsageError(`a port is already in use (${e.message}); choose others with --port and --api-port, or 0 for free ones`);
        throw err;
      }
      const { bootstrap, listeners, caFile, mskEndpoint, clusters, region } = sandbox;
      process.stdout.write(JSON.stringify({ bootstrap, mskEndpoint, clusters, listeners, caFile, region }) + '\n');
      await new Promise<void>((resolve) => {
        const stop = (sig: string) => {
          log(`${sig}: stopping`);
          sandbox.stop().then(resolve, (err) => {
            log(`stop failed: ${String(err)}`);
            resolve();
          });
        };
        process.once('SIGINT', () => stop('SIGINT'));
        process.once('SIGTERM', () => stop('SIGTERM'));
      });
      log('stopped');
    });
}
