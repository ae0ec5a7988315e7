// Finds a local sandbox that is running (the CLI's peek and produce use it when no --bootstrap is
// given): the discovery files are read by src/core/sandbox-discovery.ts, which stays pure; the one
// socket it needs, a TCP probe of the first plaintext broker, is opened here.
import { connect } from 'node:net';
import { discoveryDir, findRunningSandbox, type FoundSandbox, type PortProbe } from '../core/sandbox-discovery';

/** True when host:port accepts a TCP connection within timeoutMs; the socket is closed at once. */
export const tcpProbe: PortProbe = (host, port, timeoutMs) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });

/** The newest running local sandbox whose first broker answers, or null. */
export function findLocalSandbox(options: { dir?: string; timeoutMs?: number } = {}): Promise<FoundSandbox | null> {
  return findRunningSandbox({ dir: options.dir ?? discoveryDir(), timeoutMs: options.timeoutMs, probe: tcpProbe });
}
