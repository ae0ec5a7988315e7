import { strict as assert } from 'node:assert';
import { mskListeners, resolveListeners } from '../../../../src/sandbox/auth/listeners';
import { startBroker } from '../../../../src/sandbox/broker';

describe('sandbox auth: listener specs', () => {
  it('defaults to one plaintext listener on the given port', () => {
    assert.deepEqual(resolveListeners(undefined, 0, 3), [{ name: 'plaintext', security: 'PLAINTEXT', mechanisms: [], port: 0, requiresSasl: false, usesTls: false, clientAuth: 'none' }]);
  });

  it('mskListeners() mirrors MSK: plaintext, tls, sasl_scram (SCRAM-SHA-512), sasl_iam (OAUTHBEARER)', () => {
    const l = resolveListeners(mskListeners(), 0, 3);
    assert.deepEqual(l.map((x) => [x.name, x.security, x.mechanisms.join()]), [
      ['plaintext', 'PLAINTEXT', ''],
      ['tls', 'SSL', ''],
      ['sasl_scram', 'SASL_SSL', 'SCRAM-SHA-512'],
      ['sasl_iam', 'SASL_SSL', 'OAUTHBEARER'],
    ]);
    assert.deepEqual(mskListeners({ tls: false }).map((x) => x.security), ['PLAINTEXT', 'SASL_PLAINTEXT', 'SASL_PLAINTEXT']);
    assert.deepEqual(l.map((x) => x.clientAuth), ['none', 'none', 'none', 'none'], 'no client certificate asked for by default');
    // MSK's 9094 with mTLS on: only the tls listener requires a client certificate.
    assert.deepEqual(resolveListeners(mskListeners({ requireClientCert: true }), 0, 3).map((x) => x.clientAuth), ['none', 'required', 'none', 'none']);
  });

  it('rejects bad specs with a clear message', () => {
    const bad: [unknown, RegExp][] = [
      [[], /at least one/],
      [[{ name: 'a b', security: 'PLAINTEXT' }], /invalid listener name/],
      [[{ name: 'a', security: 'PLAINTEXT' }, { name: 'a', security: 'SSL' }], /used twice/],
      [[{ name: 'a', security: 'SASL' }], /security must be/],
      [[{ name: 'a', security: 'SASL_SSL' }], /needs at least one SASL mechanism/],
      [[{ name: 'a', security: 'SSL', mechanisms: ['PLAIN'] }], /only for SASL/],
      [[{ name: 'a', security: 'SASL_SSL', mechanisms: ['GSSAPI'] }], /unknown SASL mechanism/],
      [[{ name: 'a', security: 'PLAINTEXT', port: 65535 }], /out of range/],
      [[{ name: 'a', security: 'SASL_PLAINTEXT', mechanisms: ['PLAIN'], clientAuth: 'required' }], /clientAuth "required" needs an SSL or SASL_SSL listener/],
      [[{ name: 'a', security: 'SSL', clientAuth: 'wanted' }], /clientAuth must be/],
      [[{ name: 'a', security: 'PLAINTEXT', port: 19092 }, { name: 'b', security: 'SSL', port: 19094 }], /overlap/],
    ];
    for (const [specs, re] of bad) assert.throws(() => resolveListeners(specs as never, 0, 3), re, JSON.stringify(specs));
  });

  it('startBroker keeps its default (one plaintext listener, no TLS) and rejects conflicting options', async () => {
    const b = await startBroker({ brokers: 1 });
    try {
      assert.deepEqual(Object.keys(b.listeners), ['plaintext']);
      assert.equal(b.listeners.plaintext.bootstrap, b.bootstrap);
      assert.equal(b.tls, undefined);
    } finally {
      await b.stop();
    }
    await assert.rejects(startBroker({ brokers: 1, port: 19092, listeners: [{ name: 'p', security: 'PLAINTEXT' }] }), /listeners\[\]\.port/);
    await assert.rejects(startBroker({ brokers: 1, tls: false, listeners: [{ name: 't', security: 'SSL' }] }), /tls is false/);
  });

  it('stop() does not wait for a client stuck before its TLS handshake', async () => {
    const net = await import('node:net');
    const b = await startBroker({ brokers: 1, listeners: [{ name: 'tls', security: 'SSL' }] });
    const sock = net.connect(b.listeners.tls.brokers[0].port, '127.0.0.1');
    sock.on('error', () => undefined);
    await new Promise((r) => sock.once('connect', r));
    const t0 = Date.now();
    await b.stop();
    assert.ok(Date.now() - t0 < 2000, 'stopped promptly');
    sock.destroy();
  });

  it('startBroker({ tls: true }) generates a CA and a server certificate for 127.0.0.1', async () => {
    const { X509Certificate } = await import('node:crypto');
    const b = await startBroker({ brokers: 1, tls: true });
    try {
      const ca = new X509Certificate(b.tls!.caPem);
      const cert = new X509Certificate(b.tls!.certPem);
      assert.equal(ca.ca, true);
      assert.equal(cert.ca, false);
      assert.ok(cert.checkIssued(ca) && cert.verify(ca.publicKey));
      assert.ok(cert.checkIP('127.0.0.1') && cert.checkHost('localhost'));
    } finally {
      await b.stop();
    }
  });
});
