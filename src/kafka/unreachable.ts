// A cluster that cannot be reached at all (nothing answers, the name does not resolve, the tunnel
// cannot get through), as opposed to one that refuses the client: an error that names what was
// tried (the brokers, the mode, the tunnel) and the ways into an MSK cluster's VPC.
import { parseBootstrap } from '../core/bootstrap';
import { AUTH_MODE_LABEL, type ConnectionAuth } from './auth/types';
import type { TunnelSpec } from './tunnels';

/** Socket errors that mean "no route to the broker from here". */
const UNREACHABLE_CODE = /\b(ECONNREFUSED|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|EADDRNOTAVAIL)\b/;
/** kafkajs's own connect timeout, and ClusterAdmin's deadline (TimeoutError). */
const NO_ANSWER = /Connection timeout|timed out after|did not answer within/i;
/** What the tunnels (src/kafka/tunnels) say when they cannot get through. */
const TUNNEL_FAILURE = /Cannot reach the SSH bastion|The SSH bastion .* (could not open a connection|did not complete the handshake|closed the connection during the handshake)|Cannot reach the SOCKS5 proxy|The SOCKS5 proxy .* could not connect/;

export const VPC_ROUTES =
  'MSK brokers are reachable only from inside their VPC: connect from a network that reaches it (a VPN or AWS Direct Connect into the VPC, or ' +
  'PrivateLink / multi-VPC connectivity), tunnel through a host in the VPC (an SSH tunnel through a bastion: msk-tools --ssh user@bastion, ' +
  'or a SOCKS5 proxy such as ssh -D: --socks5 host:port), or turn on the cluster\'s public access and use its public bootstrap servers ' +
  '(ports 9194 TLS, 9196 SASL/SCRAM, 9198 IAM).';

interface Chained { name?: string; message?: string; code?: string; cause?: unknown; originalError?: unknown }

/** The error and what it wraps (kafkajs: originalError, cause), outermost first. */
function chain(err: unknown): Chained[] {
  const out: Chained[] = [];
  let e: unknown = err;
  while (e && typeof e === 'object' && out.length < 8 && !out.includes(e)) {
    out.push(e);
    const c = e as Chained;
    e = c.originalError ?? c.cause;
  }
  return out;
}

function tunnelName(t: TunnelSpec): string {
  return t.kind === 'ssh' ? `the SSH bastion ${t.username}@${t.host}:${t.port ?? 22}` : `the SOCKS5 proxy ${t.host}:${t.port}`;
}

function brokersTried(bootstrap: string): string {
  try {
    const brokers = parseBootstrap(bootstrap);
    return brokers.length > 3 ? `${brokers.slice(0, 3).join(', ')} and ${brokers.length - 3} more` : brokers.join(', ');
  } catch {
    return bootstrap;
  }
}

/**
 * When err says the brokers (or the tunnel) could not be reached, an error named
 * KafkaUnreachableError that names what was tried and what to do; otherwise undefined.
 */
export function unreachableError(err: unknown, spec: { bootstrap: string; auth?: ConnectionAuth; tunnel?: TunnelSpec }): Error | undefined {
  const links = chain(err);
  if (links.some((l) => l.name === 'KafkaJSSASLAuthenticationError')) return undefined;
  const tunnelText = spec.tunnel ? links.map((l) => l.message ?? '').find((m) => TUNNEL_FAILURE.test(m)) : undefined;
  const cause = links.find((l) => UNREACHABLE_CODE.test(`${l.code ?? ''} ${l.message ?? ''}`) || NO_ANSWER.test(l.message ?? '') || l.name === 'TimeoutError');
  if (!tunnelText && !cause) return undefined;

  const mode = AUTH_MODE_LABEL[spec.auth?.mode ?? 'plaintext'];
  const tried = `${brokersTried(spec.bootstrap)} (${mode})`;
  const reason = (tunnelText ?? cause?.message ?? String(err)).replace(/^Connection error:\s*/i, '').replace(/[.\s]+$/, '');
  let message: string;
  if (spec.tunnel) {
    const via = tunnelName(spec.tunnel);
    const bastionDown = /Cannot reach the (SSH bastion|SOCKS5 proxy)|did not complete the handshake|closed the connection during the handshake/.test(reason);
    message = bastionDown
      ? `Cannot reach the cluster: tried ${tried} through ${via}, which could not be reached (${reason}). Check the ${spec.tunnel.kind === 'ssh' ? 'bastion\'s host and port, that sshd runs there' : 'proxy\'s host and port, that it runs (e.g. ssh -D)'} and that your network lets you reach it.`
      : `Cannot reach the cluster through ${via}: tried ${tried} (${reason}). Check that ${spec.tunnel.kind === 'ssh' ? 'the bastion' : 'the proxy'} is inside the cluster's VPC (or peered with it), resolves the broker names, and that the brokers' security group allows it on the port; and check the bootstrap servers.`;
  } else {
    message = `Cannot reach the cluster: tried ${tried} directly (${reason}). ${VPC_ROUTES} Also check the host names and the port of the auth mode.`;
  }
  const out = new Error(message, { cause: err });
  out.name = 'KafkaUnreachableError';
  return out;
}

/** What the tunnels say when they refuse to go on (host key, key file, bastion or proxy authentication). */
const TUNNEL_REFUSAL = /The SSH host key of|The SSH bastion .* rejected|Cannot (read|use) the SSH private key|SSH tunnel to .*(failed|give a private key)|The SOCKS5 proxy .* (requires|refused) authentication/;

/**
 * When err is the tunnel refusing (an unknown or changed host key, a key the bastion rejects, a
 * proxy's authentication), a KafkaTunnelError with the tunnel's own message (it says what to do),
 * not an auth-mode hint about the brokers; otherwise undefined.
 */
export function tunnelError(err: unknown, spec: { tunnel?: TunnelSpec }): Error | undefined {
  if (!spec.tunnel) return undefined;
  const text = chain(err).map((l) => l.message ?? '').find((m) => TUNNEL_REFUSAL.test(m));
  if (!text) return undefined;
  const out = new Error(`${spec.tunnel.kind === 'ssh' ? 'SSH tunnel' : 'SOCKS5 proxy'} failed: ${text.replace(/^Connection error:\s*/i, '')}`, { cause: err });
  out.name = 'KafkaTunnelError';
  return out;
}
