// Entry of dist/sandbox-host.js: the local sandbox in a process of its own, forked by VS Code (with
// its own Node: process.execPath and ELECTRON_RUN_AS_NODE=1) so that the brokers never share the
// extension host's event loop with the editor. Options arrive as JSON in argv[2]; everything else
// goes over the IPC channel (host-protocol.ts): log lines, then "ready" with the listeners, or
// "error". It stops on a "stop" message, SIGTERM or SIGINT, and also when the IPC channel closes,
// which is what happens when its parent dies, however it dies: no orphan is left behind.
import { removeDiscovery, writeDiscovery } from '../core/sandbox-discovery';
import type { HostEvent, HostOptions, HostRequest } from './host-protocol';
import type { RunningSandbox, SandboxInfo } from './sandbox';

function send(ev: HostEvent): Promise<void> {
  return new Promise((resolve) => {
    if (!process.connected || !process.send) return resolve();
    process.send(ev, undefined, {}, () => resolve());
  });
}

function logLine(message: string): void {
  void send({ type: 'log', message });
}

/** The sandbox's description, without its handles (what crosses the IPC channel as JSON). */
function infoOf(sb: RunningSandbox): SandboxInfo {
  const { bootstrap, listeners, caFile, clientCertFile, clientKeyFile, clientCaFile, requireClientCert, iamCredentials, secretsEndpoint, scramSecretArn, mskEndpoint, clusters, region, mskFaultKeys, glueEndpoint, registryEndpoint } = sb;
  return { bootstrap, listeners, caFile, clientCertFile, clientKeyFile, clientCaFile, requireClientCert, iamCredentials, secretsEndpoint, scramSecretArn, mskEndpoint, clusters, region, mskFaultKeys, glueEndpoint, registryEndpoint };
}

async function main(): Promise<void> {
  if (!process.send) {
    process.stderr.write('sandbox-host: start me with child_process.fork (an IPC channel is needed); use "msk-tools sandbox" from a shell\n');
    process.exit(2);
  }
  let options: HostOptions;
  try {
    options = JSON.parse(process.argv[2] ?? '{}') as HostOptions;
  } catch {
    await send({ type: 'error', error: { message: 'sandbox-host: argv[2] is not JSON' } });
    process.exit(2);
  }
  const { owner = 'cli', discovery = true, ...sandboxOptions } = options;
  let sandbox: RunningSandbox | undefined;
  let stopping = false;
  let wroteDiscovery = false;
  const stop = (why: string) => {
    if (stopping) return;
    stopping = true;
    logLine(`${why}: stopping`);
    if (wroteDiscovery) removeDiscovery();
    const done = sandbox ? sandbox.stop() : Promise.resolve();
    // a stop that hangs (a client that never lets go) must not keep the process alive
    const timer = setTimeout(() => process.exit(0), 5000);
    timer.unref();
    done.then(
      () => void send({ type: 'stopped' }).then(() => process.exit(0)),
      (err: unknown) => {
        logLine(`stop failed: ${String(err)}`);
        process.exit(1);
      },
    );
  };
  process.on('disconnect', () => stop('parent gone'));
  process.on('message', (m: HostRequest) => {
    if (m?.type === 'stop') stop('stop requested');
  });
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  process.on('exit', () => {
    if (wroteDiscovery) removeDiscovery();
  });

  try {
    const { startSandbox } = await import('./index');
    sandbox = await startSandbox({ ...sandboxOptions, log: logLine });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    stopping = true;
    await send({ type: 'error', error: { message: e?.message ?? String(err), name: e?.name, code: e?.code } });
    process.exit(1);
  }
  if (stopping) {
    // asked to stop while starting
    await sandbox.stop();
    process.exit(0);
  }
  const info = infoOf(sandbox);
  let discoveryFile: string | undefined;
  if (discovery) {
    try {
      discoveryFile = writeDiscovery({
        pid: process.pid,
        startedAt: new Date().toISOString(),
        owner,
        bootstrap: info.bootstrap,
        listeners: info.listeners,
        caFile: info.caFile,
        mskEndpoint: info.mskEndpoint,
        secretsEndpoint: info.secretsEndpoint,
        glueEndpoint: info.glueEndpoint,
        registryEndpoint: info.registryEndpoint,
        region: info.region,
      });
      wroteDiscovery = true;
    } catch (err) {
      logLine(`could not write the discovery file (the CLI will not find this sandbox without --bootstrap): ${String(err)}`);
    }
  }
  await send({ type: 'ready', info, pid: process.pid, discoveryFile });
}

process.on('uncaughtException', (err) => {
  logLine(`crashed: ${err.stack ?? String(err)}`);
  removeDiscovery();
  process.exit(70);
});

void main();
