import type { Command } from 'commander';
import { removeDiscovery, writeDiscovery } from '../core/sandbox-discovery';
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
    .option('--socket-request-max-bytes <n>', 'largest request a client may send once authenticated (Kafka\'s socket.request.max.bytes); before SASL authentication the limit is 524288', intOption('--socket-request-max-bytes', 1024, 2 ** 31 - 1), 104857600)
    .option('--connections-max-idle-ms <ms>', 'close connections idle for this long (Kafka\'s connections.max.idle.ms)', intOption('--connections-max-idle-ms', 1, 2 ** 31 - 1), 600000)
    .option('--queued-max-request-bytes <n>', 'memory budget for requests being received, all connections together; past it, reading waits (default: twice --socket-request-max-bytes)', intOption('--queued-max-request-bytes', 1024, Number.MAX_SAFE_INTEGER))
    .option('--secrets-port <port>', 'Secrets Manager emulator port (0 for ephemeral)', intOption('--secrets-port', 0, 65535), 14567)
    .option('--glue-port <port>', 'Glue Schema Registry emulator port (0 for ephemeral; default 14568, or ephemeral with --port 0)', intOption('--glue-port', 0, 65535))
    .option('--registry-port <port>', 'Confluent-compatible schema registry port (0 for ephemeral; default 18081, or ephemeral with --port 0)', intOption('--registry-port', 0, 65535))
    .option('--require-client-cert', 'mTLS: the TLS listener accepts only clients with a certificate from the sandbox\'s client CA (clientCertFile and clientKeyFile are one)')
    .option('--connections-max-reauth-ms <ms>', 'SASL sessions last at most this long; clients must re-authenticate (Kafka\'s connections.max.reauth.ms, KIP-368; 0: no cap)', intOption('--connections-max-reauth-ms', 0, 2 ** 31 - 1), 0)
    .option('--advertised-host <name>', 'host name the brokers advertise, {id} for the broker id (e.g. b-{id}.msk-sandbox.abc123.c2.kafka.us-east-1.amazonaws.com; it must resolve to 127.0.0.1 for clients, e.g. in /etc/hosts)')
    .option('--quiet', 'no logs on stderr')
    .option('--no-discovery', 'do not write the discovery file through which "msk-tools peek" and "produce" find this sandbox without --bootstrap')
    .action(async (opts: { discovery: boolean; brokers: number; port: number; apiPort: number; seed: string; dataDir?: string; quiet?: boolean; socketRequestMaxBytes: number; connectionsMaxIdleMs: number; queuedMaxRequestBytes?: number; secretsPort: number; gluePort?: number; registryPort?: number; requireClientCert?: boolean; connectionsMaxReauthMs: number; advertisedHost?: string }) => {
      if (opts.seed !== 'demo' && opts.seed !== 'none') throw new UsageError(`--seed must be "demo" or "none", got "${opts.seed}"`);
      const log = opts.quiet ? () => {} : (msg: string) => process.stderr.write(`[sandbox] ${msg}\n`);
      const { startSandbox } = await import('../sandbox/index');
      let sandbox;
      try {
        sandbox = await startSandbox({
          brokers: opts.brokers,
          port: opts.port,
          apiPort: opts.apiPort,
          seed: opts.seed,
          dataDir: opts.dataDir,
          socketRequestMaxBytes: opts.socketRequestMaxBytes,
          connectionsMaxIdleMs: opts.connectionsMaxIdleMs,
          queuedMaxRequestBytes: opts.queuedMaxRequestBytes,
          secretsPort: opts.secretsPort,
          // fixed ports only beside fixed broker ports: scripts that ask for ephemeral ones predate these options
          gluePort: opts.gluePort ?? (opts.port === 0 ? 0 : 14568),
          registryPort: opts.registryPort ?? (opts.port === 0 ? 0 : 18081),
          requireClientCert: opts.requireClientCert === true,
          connectionsMaxReauthMs: opts.connectionsMaxReauthMs,
          advertisedHost: opts.advertisedHost,
          log,
        });
      } catch (err) {
        const e = err as NodeJS.ErrnoException;
        if (e.code === 'EADDRINUSE') throw new UsageError(`a port is already in use (${e.message}); choose others with --port, --api-port, --secrets-port, --glue-port and --registry-port, or 0 for free ones`);
        // Unusable --data-dir contents: the message names the file and what to do (persistence.ts).
        if (e.name === 'SavedStateError') throw new UsageError(e.message);
        throw err;
      }
      const { bootstrap, listeners, caFile, mskEndpoint, clusters, region, mskFaultKeys } = sandbox;
      const { clientCertFile, clientKeyFile, clientCaFile, requireClientCert, iamCredentials, secretsEndpoint, scramSecretArn, glueEndpoint, registryEndpoint } = sandbox;
      // the signal handlers come before the ready line: a script may send SIGTERM the moment it reads it
      const stopped = new Promise<void>((resolve) => {
        const stop = (sig: string) => {
          log(`${sig}: stopping`);
          if (opts.discovery) removeDiscovery();
          sandbox.stop().then(resolve, (err) => {
            log(`stop failed: ${String(err)}`);
            resolve();
          });
        };
        process.once('SIGINT', () => stop('SIGINT'));
        process.once('SIGTERM', () => stop('SIGTERM'));
      });
      if (opts.discovery) {
        try {
          const file = writeDiscovery({ pid: process.pid, startedAt: new Date().toISOString(), owner: 'cli', bootstrap, listeners, caFile, mskEndpoint, secretsEndpoint, glueEndpoint, registryEndpoint, region });
          process.once('exit', () => removeDiscovery());
          log(`discovery file: ${file} (peek and produce without --bootstrap use this sandbox)`);
        } catch (err) {
          log(`could not write the discovery file (peek and produce will need --bootstrap): ${String(err)}`);
        }
      }
      // printed after the discovery file is written: a script that waits for this line then finds the sandbox
      process.stdout.write(
        JSON.stringify({ bootstrap, mskEndpoint, clusters, listeners, caFile, region, mskFaultKeys, clientCertFile, clientKeyFile, clientCaFile, requireClientCert, iamCredentials, secretsEndpoint, scramSecretArn, glueEndpoint, registryEndpoint }) + '\n',
      );
      await stopped;
      log('stopped');
    });
}
