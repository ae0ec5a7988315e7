import { strict as assert } from 'node:assert';
import { createHash, createHmac, pbkdf2Sync } from 'node:crypto';
import { decodeSaslName, ScramAuthenticator, type ScramHash } from '../../../../src/sandbox/auth/scram';
import { SaslAuthError, type SaslSession } from '../../../../src/sandbox/auth/types';

/** A SCRAM client written from RFC 5802 §3, independent of the server code, for round trips. */
function clientFinal(hash: ScramHash, password: string, clientFirstBare: string, serverFirst: string, gs2 = 'n,,', finalNonce?: string): { message: string; serverSignature: string } {
  const attrs = Object.fromEntries(serverFirst.split(',').map((a) => [a[0], a.slice(2)]));
  const len = hash === 'sha512' ? 64 : 32;
  const salted = pbkdf2Sync(password, Buffer.from(attrs.s, 'base64'), Number(attrs.i), len, hash);
  const clientKey = createHmac(hash, salted).update('Client Key').digest();
  const storedKey = createHash(hash).update(clientKey).digest();
  const withoutProof = `c=${Buffer.from(gs2).toString('base64')},r=${finalNonce ?? attrs.r}`;
  const authMessage = `${clientFirstBare},${serverFirst},${withoutProof}`;
  const signature = createHmac(hash, storedKey).update(authMessage).digest();
  const proof = Buffer.from(clientKey.map((b, i) => b ^ signature[i]));
  const serverKey = createHmac(hash, salted).update('Server Key').digest();
  return { message: `${withoutProof},p=${proof.toString('base64')}`, serverSignature: createHmac(hash, serverKey).update(authMessage).digest('base64') };
}

function step(s: SaslSession, msg: string) {
  return s.step(Buffer.from(msg, 'utf8'));
}

describe('sandbox auth: SCRAM server', () => {
  describe('RFC 7677 test vector (SCRAM-SHA-256, user "user", password "pencil")', () => {
    const clientFirst = 'n,,n=user,r=rOprNGfwEbeRWgbNEkqO';
    const serverFirst = 'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096';
    const clientFinalMsg = 'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=';
    const serverFinal = 'v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=';
    const server = () =>
      new ScramAuthenticator([{ username: 'user', password: 'pencil' }], {
        hash: 'sha256',
        saltFor: () => Buffer.from('W22ZaJ0SNY7soEsUEjb6gQ==', 'base64'),
        serverNonce: () => '%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0',
      });

    it('answers the RFC server-first, accepts the RFC proof and answers the RFC server signature', () => {
      const s = server().session();
      const first = step(s, clientFirst);
      assert.equal(first.response.toString(), serverFirst);
      assert.equal(first.done, false);
      const final = step(s, clientFinalMsg);
      assert.equal(final.response.toString(), serverFinal);
      assert.equal(final.done, true);
      assert.equal(final.principal, 'User:user');
    });

    it('the independent test client computes the RFC proof and signature too', () => {
      const c = clientFinal('sha256', 'pencil', 'n=user,r=rOprNGfwEbeRWgbNEkqO', serverFirst);
      assert.equal(c.message, clientFinalMsg);
      assert.equal(`v=${c.serverSignature}`, serverFinal);
    });

    it('rejects a proof with one bit flipped', () => {
      const s = server().session();
      step(s, clientFirst);
      const bad = clientFinalMsg.replace('p=dHzb', 'p=dHzc');
      assert.throws(() => step(s, bad), (e: Error) => e instanceof SaslAuthError && /invalid credentials/.test(e.message));
    });
  });

  describe('SCRAM-SHA-512 (what MSK offers)', () => {
    const users = [
      { username: 'alice', password: 'alice-secret' },
      { username: 'bob,the=admin', password: 'pä55, wörd=' },
    ];
    const auth = new ScramAuthenticator(users);

    function login(username: string, password: string, encodedName = username.replace(/=/g, '=3D').replace(/,/g, '=2C')) {
      const s = auth.session();
      const bare = `n=${encodedName},r=clientNonce123`;
      const first = step(s, `n,,${bare}`).response.toString();
      assert.match(first, /^r=clientNonce123[^,]+,s=[A-Za-z0-9+/=]+,i=4096$/);
      const c = clientFinal('sha512', password, bare, first);
      return { s, final: () => step(s, c.message), expected: `v=${c.serverSignature}` };
    }

    it('authenticates with the right password and signs the exchange', () => {
      for (const u of users) {
        const { final, expected } = login(u.username, u.password);
        const r = final();
        assert.equal(r.done, true);
        assert.equal(r.response.toString(), expected);
        assert.equal(r.principal, `User:${u.username}`);
      }
    });

    it('fails a wrong password and an unknown user alike, only at the final step', () => {
      assert.throws(() => login('alice', 'nope').final(), SaslAuthError);
      assert.throws(() => login('mallory', 'x').final(), /invalid credentials/);
    });

    it('gives an unknown user the same salt every time (no user enumeration by salt)', () => {
      const salt = () => step(auth.session(), 'n,,n=ghost,r=abc').response.toString().split(',')[1];
      assert.equal(salt(), salt());
    });

    it('accepts a final nonce that only ends with the combined nonce (librdkafka), rejects another nonce', () => {
      const s = auth.session();
      const bare = 'n=alice,r=cn';
      const first = step(s, `n,,${bare}`).response.toString();
      const combined = first.slice(2, first.indexOf(','));
      const c = clientFinal('sha512', 'alice-secret', bare, first, 'n,,', `cn${combined}`);
      assert.ok(c.message.startsWith(`c=biws,r=cn${combined},`));
      assert.equal(step(s, c.message).done, true);
      const s2 = auth.session();
      step(s2, `n,,${bare}`);
      assert.throws(() => step(s2, 'c=biws,r=cnOTHER,p=AAAA'), /nonce mismatch/);
    });

    it('rejects malformed and unsupported client messages', () => {
      for (const m of ['', 'n=alice,r=x', 'p=tls-unique,,n=alice,r=x', 'n,,m=ext,n=alice,r=x', 'n,,n=al=ice,r=x', 'n,,n=alice', 'n,,n=alice,r=a,b', 'n,,n=alice,r=x,tokenauth=true', 'n,a=bob,n=alice,r=x']) {
        assert.throws(() => step(auth.session(), m), SaslAuthError, JSON.stringify(m));
      }
      const s = auth.session();
      step(s, 'n,,n=alice,r=x');
      assert.throws(() => step(s, 'c=biws,r=x'), /no proof/);
      const s2 = auth.session();
      const first = step(s2, 'n,,n=alice,r=x').response.toString();
      assert.throws(() => step(s2, `c=eSws,r=${first.slice(2, first.indexOf(','))},p=AAAA`), /channel binding/);
    });

    it('refuses any step after the exchange is over', () => {
      const { s, final } = login('alice', 'alice-secret');
      final();
      assert.throws(() => step(s, 'n,,n=alice,r=x'), /already over/);
    });
  });

  it('decodes saslname escapes and rejects stray "="', () => {
    assert.equal(decodeSaslName('a=2Cb=3Dc'), 'a,b=c');
    assert.equal(decodeSaslName('a=2'), null);
    assert.equal(decodeSaslName('a=41'), null);
  });
});
