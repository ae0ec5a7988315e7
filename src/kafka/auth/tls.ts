// TLS options for kafkajs (node's tls.connect options). The CA, certificate and key are read from
// PEM files here, so that a missing or unreadable file is reported by name before any connection.
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import type { MtlsAuth, TlsOptions } from './types';

function readPem(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new Error(`Cannot read the ${what} file ${file} (${code ?? 'error'}): check the path in the connection's settings.`, { cause: err });
  }
}

export function tlsConfig(opts: TlsOptions): ConnectionOptions {
  // rejectUnauthorized stays true (node's default) so that the broker's certificate and host name are checked.
  const cfg: ConnectionOptions = { rejectUnauthorized: true };
  if (opts.caFile) cfg.ca = [readPem(opts.caFile, 'CA certificate')];
  if (opts.servername) cfg.servername = opts.servername;
  return cfg;
}

export function mtlsConfig(auth: MtlsAuth): ConnectionOptions {
  const cfg = tlsConfig(auth);
  cfg.cert = readPem(auth.certFile, 'client certificate');
  cfg.key = readPem(auth.keyFile, 'client key');
  if (auth.passphrase !== undefined) cfg.passphrase = auth.passphrase;
  // Opened here, so that a wrong passphrase or a broken key is reported as such, not as "Failed to connect".
  try {
    createPrivateKey({ key: cfg.key, ...(auth.passphrase !== undefined ? { passphrase: auth.passphrase } : {}) });
  } catch {
    throw new Error(`Cannot open the client key ${auth.keyFile}: ${auth.passphrase === undefined ? 'if it is encrypted, set its passphrase; otherwise ' : 'check its passphrase, and '}check that it is a PEM private key.`);
  }
  return cfg;
}
