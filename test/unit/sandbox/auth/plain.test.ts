import { strict as assert } from 'node:assert';
import { PlainAuthenticator } from '../../../../src/sandbox/auth/plain';
import { SaslAuthError } from '../../../../src/sandbox/auth/types';

describe('sandbox auth: SASL/PLAIN', () => {
  const auth = new PlainAuthenticator([{ username: 'alice', password: 'secret' }]);
  const token = (s: string) => Buffer.from(s, 'utf8');

  it('accepts authzid\\0user\\0pass with an empty or equal authzid', () => {
    for (const t of ['\0alice\0secret', 'alice\0alice\0secret']) {
      const r = auth.session().step(token(t));
      assert.equal(r.done, true);
      assert.equal(r.principal, 'User:alice');
      assert.equal(r.response.length, 0);
    }
  });

  it('rejects a wrong password, an unknown user, another authzid and malformed messages', () => {
    for (const t of ['\0alice\0wrong', '\0bob\0secret', 'bob\0alice\0secret', 'alice\0secret', '\0\0secret', '\0alice\0secret\0x']) {
      assert.throws(() => auth.session().step(token(t)), SaslAuthError, JSON.stringify(t));
    }
  });
});
