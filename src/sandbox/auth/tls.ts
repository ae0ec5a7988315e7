// TLS material for the sandbox's SSL and SASL_SSL listeners, made at start-up: a throw-away CA and a
// server certificate it signs, for 127.0.0.1, ::1 and localhost (plus the advertised host). Clients
// trust `caPem` (kafkajs: ssl: { ca: [caPem] }; librdkafka: ssl.ca.location=<file with caPem>).
// For mTLS there is a second CA, for clients (MSK uses an ACM Private CA for this), and a client
// certificate it signs: a listener with clientAuth 'required' accepts only certificates from it.
// Uses the `selfsigned` package (WebCrypto under the hood, EC P-256: milliseconds, no OpenSSL CLI),
// loaded only when TLS is on.
import { isIP } from 'node:net';

export interface SandboxTls {
  /** The CA certificate clients must trust (PEM). */
  caPem: string;
  /** The server certificate (PEM), signed by the CA. */
  certPem: string;
  /** The server's private key (PEM, PKCS#8). */
  keyPem: string;
  /** The CA whose client certificates mTLS listeners accept (PEM); it signs nothing else. */
  clientCaPem: string;
  /** A client certificate signed by clientCaPem (PEM), subject CN=msk-sandbox-client. */
  clientCertPem: string;
  /** Its private key (PEM, PKCS#8, not encrypted). */
  clientKeyPem: string;
}

/** The subject common name of the sandbox's client certificate (Kafka's SSL principal is User:CN=…). */
export const SANDBOX_CLIENT_CN = 'msk-sandbox-client';

/** `extraNames`: more DNS names for the server certificate (advertised broker host names). */
export async function generateSandboxTls(host = '127.0.0.1', validDays = 30, extraNames: string[] = []): Promise<SandboxTls> {
  const { generate } = await import('selfsigned');
  const notBeforeDate = new Date(Date.now() - 60 * 60_000); // tolerate a little clock skew
  const notAfterDate = new Date(Date.now() + validDays * 86_400_000);
  const common = { keyType: 'ec' as const, curve: 'P-256' as const, algorithm: 'sha256', notBeforeDate, notAfterDate };
  const ca = await generate([{ name: 'commonName', value: 'MSK Tools sandbox CA' }], {
    ...common,
    extensions: [
      { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  const altNames: { type: 2 | 7; value?: string; ip?: string }[] = [
    { type: 2, value: 'localhost' },
    { type: 7, ip: '127.0.0.1' },
    { type: 7, ip: '::1' },
  ];
  if (host !== '127.0.0.1' && host !== 'localhost' && host !== '::1') altNames.push(isIP(host) ? { type: 7, ip: host } : { type: 2, value: host });
  for (const name of extraNames) altNames.push({ type: 2, value: name });
  const server = await generate([{ name: 'commonName', value: host }], {
    ...common,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames },
    ],
  });
  const clientCa = await generate([{ name: 'commonName', value: 'MSK Tools sandbox client CA' }], {
    ...common,
    extensions: [
      { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  const client = await generate([{ name: 'commonName', value: SANDBOX_CLIENT_CN }], {
    ...common,
    ca: { key: clientCa.private, cert: clientCa.cert },
    extensions: [
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', clientAuth: true },
    ],
  });
  return { caPem: ca.cert, certPem: server.cert, keyPem: server.private, clientCaPem: clientCa.cert, clientCertPem: client.cert, clientKeyPem: client.private };
}
