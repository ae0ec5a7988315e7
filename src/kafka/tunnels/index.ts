// Tunnels for the connection factory: kafkajs socketFactory implementations that open every broker
// connection (bootstrap and each advertised broker) through an SSH bastion or a SOCKS5 proxy.
import { isIP } from 'node:net';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import type { ISocketFactory } from 'kafkajs';
import { PendingSocket } from './pending-socket';
import type { SshTunnel, SshTunnelSpec } from './ssh';
import type { Socks5TunnelSpec } from './socks5';

export type { SshTunnelSpec } from './ssh';
export type { Socks5TunnelSpec } from './socks5';
export { fingerprint } from './known-hosts';

export type TunnelSpec = SshTunnelSpec | Socks5TunnelSpec;

export interface TunnelSocketFactory extends ISocketFactory {
  /** Closes the shared SSH connection now (it also closes by itself once idle). */
  close(): Promise<void>;
}

/**
 * Connects to the SSH bastion once and closes: a refused host key rejects with an error whose
 * `hostKey` is `{ fingerprint, status: 'unknown' | 'changed' | 'revoked' }`, so that a UI can ask
 * the user to accept an unknown key's fingerprint before any broker connection.
 */
export async function checkSshTunnel(spec: SshTunnelSpec): Promise<void> {
  const { SshTunnel, SshHostKeyError } = await import('./ssh');
  try {
    await new SshTunnel(spec).verify();
  } catch (e) {
    if (e instanceof SshHostKeyError) throw Object.assign(new Error(e.message), { hostKey: { fingerprint: e.fingerprint, status: e.status } });
    throw e;
  }
}

export function tunnelSocketFactory(spec: TunnelSpec): TunnelSocketFactory {
  // ssh2 and socks are lazy chunks (kafka-ssh.js, kafka-socks.js): only a tunnelled connection loads them
  let ssh: Promise<SshTunnel> | null = null;
  const open = async (host: string, port: number): Promise<Duplex> => {
    if (spec.kind === 'ssh') {
      ssh ??= import('./ssh').then((m) => new m.SshTunnel(spec));
      return (await ssh).open(host, port);
    }
    const { openSocks5 } = await import('./socks5');
    return openSocks5(spec, host, port);
  };

  const factory = ({ host, port, ssl, onConnect }: { host: string; port: number; ssl: ConnectionOptions | boolean | undefined; onConnect: () => void }) => {
    if (!ssl) {
      // PendingSocket has the net.Socket methods kafkajs uses (see pending-socket.ts).
      return new PendingSocket(() => open(host, port), onConnect) as unknown as Socket;
    }
    // TLS runs end to end inside the tunnel, with the broker's own name for SNI and hostname
    // verification (as kafkajs's default factory does), so the tunnel never sees plaintext.
    const inner = new PendingSocket(() => open(host, port));
    const options: ConnectionOptions = { host, socket: inner, ...(isIP(host) ? {} : { servername: host }), ...(ssl === true ? {} : ssl) };
    const tlsSocket = tlsConnect(options, onConnect);
    inner.once('error', (err: Error) => tlsSocket.destroy(err));
    return tlsSocket;
  };
  return Object.assign(factory as ISocketFactory, { close: async () => { if (ssh) await (await ssh).close(); } });
}
