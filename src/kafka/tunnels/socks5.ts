// SOCKS5 CONNECT (RFC 1928; username/password per RFC 1929) through the `socks` package, e.g. to an
// `ssh -D` proxy or a corporate one. The broker's host name is sent to the proxy unresolved (ATYP
// DOMAINNAME), so the proxy's side resolves the names an MSK cluster advertises inside its VPC.
import type { Duplex } from 'node:stream';
import { SocksClient } from 'socks';

export interface Socks5TunnelSpec {
  kind: 'socks5';
  host: string;
  port: number;
  /** RFC 1929 username/password; without them only "no authentication" is offered. */
  username?: string;
  password?: string;
  /** Time limit for the proxy's handshake and its CONNECT to the broker (default 10000 ms). */
  timeoutMs?: number;
}

export async function openSocks5(spec: Socks5TunnelSpec, host: string, port: number): Promise<Duplex> {
  const where = `${spec.host}:${spec.port}`;
  try {
    const { socket } = await SocksClient.createConnection({
      proxy: { host: spec.host, port: spec.port, type: 5, userId: spec.username, password: spec.password },
      command: 'connect',
      destination: { host, port },
      timeout: spec.timeoutMs ?? 10000,
    });
    return socket;
  } catch (e) {
    const msg = (e as Error).message;
    if (/no accepted authentication/i.test(msg) && !spec.username) throw new Error(`The SOCKS5 proxy ${where} requires authentication (${msg}): give its user name and password.`, { cause: e });
    if (/authentication/i.test(msg)) throw new Error(`The SOCKS5 proxy ${where} refused authentication (${msg}): check the proxy user name and password.`, { cause: e });
    if (/ECONNREFUSED|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|timed out/i.test(msg)) throw new Error(`Cannot reach the SOCKS5 proxy ${where} (${msg}): check that it runs (e.g. ssh -D ${spec.port}) and the host and port.`, { cause: e });
    throw new Error(`The SOCKS5 proxy ${where} could not connect to ${host}:${port} (${msg}): check that the proxy can reach that broker.`, { cause: e });
  }
}
