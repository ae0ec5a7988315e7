// Listener specs for startBroker({ listeners }): one port per broker per listener, named like MSK's
// (plaintext 9092, tls 9094, sasl_scram 9096, sasl_iam 9098). Validation lives here.
import { SASL_MECHANISMS, type SaslMechanismName } from './types';

export type SecurityProtocol = 'PLAINTEXT' | 'SSL' | 'SASL_PLAINTEXT' | 'SASL_SSL';
const PROTOCOLS: readonly SecurityProtocol[] = ['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'];

export interface ListenerSpec {
  /** Listener name, e.g. 'plaintext', 'tls', 'sasl_scram', 'sasl_iam' (letters, digits, _ and -). */
  name: string;
  security: SecurityProtocol;
  /** SASL mechanisms offered on a SASL_* listener (required there, not allowed elsewhere). */
  mechanisms?: SaslMechanismName[];
  /** First port: broker i (0-based) takes port + i. 0 or absent = an ephemeral port for each broker. */
  port?: number;
  /**
   * Kafka's ssl.client.auth, for SSL and SASL_SSL listeners: 'required' accepts only clients that
   * present a certificate signed by the sandbox's client CA (mTLS); 'none' (the default) asks for none.
   */
  clientAuth?: ClientAuth;
}

export type ClientAuth = 'none' | 'required';

export interface ResolvedListener {
  name: string;
  security: SecurityProtocol;
  mechanisms: SaslMechanismName[];
  port: number;
  requiresSasl: boolean;
  usesTls: boolean;
  clientAuth: ClientAuth;
}

export function usesTls(security: SecurityProtocol): boolean {
  return security === 'SSL' || security === 'SASL_SSL';
}

/** Checks the specs and fills defaults. Without specs: one 'plaintext' listener on `defaultPort`. */
export function resolveListeners(specs: readonly ListenerSpec[] | undefined, defaultPort = 0, brokerCount = 1): ResolvedListener[] {
  const list = specs ?? [{ name: 'plaintext', security: 'PLAINTEXT' as const, port: defaultPort }];
  if (list.length === 0) throw new Error('listeners: at least one listener is needed');
  const names = new Set<string>();
  const out = list.map((s): ResolvedListener => {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(s.name ?? '')) throw new Error(`listeners: invalid listener name "${s.name}"`);
    if (names.has(s.name)) throw new Error(`listeners: the name "${s.name}" is used twice`);
    names.add(s.name);
    if (!PROTOCOLS.includes(s.security)) throw new Error(`listener ${s.name}: security must be one of ${PROTOCOLS.join(', ')}`);
    const requiresSasl = s.security.startsWith('SASL_');
    const mechanisms = [...new Set(s.mechanisms ?? [])];
    for (const m of mechanisms) {
      if (!SASL_MECHANISMS.includes(m)) throw new Error(`listener ${s.name}: unknown SASL mechanism "${m}" (supported: ${SASL_MECHANISMS.join(', ')})`);
    }
    if (requiresSasl && mechanisms.length === 0) throw new Error(`listener ${s.name}: a ${s.security} listener needs at least one SASL mechanism`);
    if (!requiresSasl && mechanisms.length > 0) throw new Error(`listener ${s.name}: mechanisms are only for SASL_PLAINTEXT and SASL_SSL listeners`);
    const clientAuth = s.clientAuth ?? 'none';
    if (clientAuth !== 'none' && clientAuth !== 'required') throw new Error(`listener ${s.name}: clientAuth must be "none" or "required"`);
    if (clientAuth === 'required' && !usesTls(s.security)) throw new Error(`listener ${s.name}: clientAuth "required" needs an SSL or SASL_SSL listener`);
    const port = s.port ?? 0;
    if (!Number.isInteger(port) || port < 0 || port + brokerCount - 1 > 65535) throw new Error(`listener ${s.name}: port ${s.port} is out of range`);
    return { name: s.name, security: s.security, mechanisms, port, requiresSasl, usesTls: usesTls(s.security), clientAuth };
  });
  // Fixed port ranges must not overlap (broker i takes port + i).
  const fixed = out.filter((l) => l.port !== 0).sort((a, b) => a.port - b.port);
  for (let i = 1; i < fixed.length; i++) {
    if (fixed[i].port < fixed[i - 1].port + brokerCount) {
      throw new Error(`listeners ${fixed[i - 1].name} and ${fixed[i].name}: port ranges overlap (each takes ${brokerCount} consecutive ports)`);
    }
  }
  return out;
}

/**
 * MSK's provisioned layout: plaintext (9092), tls (9094), sasl_scram (9096, SASL_SSL SCRAM-SHA-512),
 * sasl_iam (9098, SASL_SSL OAUTHBEARER). Ports are ephemeral unless given; one host runs all brokers,
 * so fixed ports need ranges at least `brokers` apart (e.g. 19092, 19192, 19292, 19392).
 * `tls: false` keeps the names but uses SASL_PLAINTEXT and drops the tls listener.
 * `requireClientCert` makes the tls listener require a client certificate, as MSK's 9094 does when
 * mTLS is on (the SASL listeners never ask for one).
 */
export function mskListeners(opts: { ports?: Partial<Record<'plaintext' | 'tls' | 'sasl_scram' | 'sasl_iam', number>>; tls?: boolean; requireClientCert?: boolean } = {}): ListenerSpec[] {
  const p = opts.ports ?? {};
  const tls = opts.tls ?? true;
  const list: ListenerSpec[] = [{ name: 'plaintext', security: 'PLAINTEXT', port: p.plaintext ?? 0 }];
  if (tls) list.push({ name: 'tls', security: 'SSL', port: p.tls ?? 0, ...(opts.requireClientCert ? { clientAuth: 'required' as const } : {}) });
  list.push({ name: 'sasl_scram', security: tls ? 'SASL_SSL' : 'SASL_PLAINTEXT', mechanisms: ['SCRAM-SHA-512'], port: p.sasl_scram ?? 0 });
  list.push({ name: 'sasl_iam', security: tls ? 'SASL_SSL' : 'SASL_PLAINTEXT', mechanisms: ['OAUTHBEARER'], port: p.sasl_iam ?? 0 });
  return list;
}
