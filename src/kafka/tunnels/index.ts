// Tunnels for the connection factory: kafkajs socketFactory implementations that open every broker
// connection (bootstrap and each advertised broker) through an SSH bastion or a SOCKS5 proxy.
import { isIP } from 'node:net';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import type { ISocketFactory } from 'kafkajs';
import { PendingSocket } from './pending-socket';
import { SshTunnel, type SshTunnelSpec } from './ssh';
import { openSocks5, type Socks5TunnelSpec } from './socks5';

export type { SshTunnelSpec } from './ssh';
export type { Socks5TunnelSpec } from './socks5';
export { fingerprint } from './known-hosts';

export type TunnelSpec = SshTunnelSpec | Socks5TunnelSpec;

export interface TunnelSocketFactory extends ISocketFactory {
  /** Closes the shared SSH connection now (it also closes by itself once idle). */
  close(): Promise<void>;
}

export function tunnelSocketFactory(spec: TunnelSpec): TunnelSocketFactory {
  const ssh = spec.kind === 'ssh' ? new SshTunnel(spec) : null;
  const open = (host: string, port: number): Promise<Duplex> => (ssh ? ssh.open(host, port) : openSocks5(spec as Socks5TunnelSpec, host, port));

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
  return Object.assign(factory as ISocketFactory, { close: async () => ssh?.close() });
}
