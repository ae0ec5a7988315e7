// Our known_hosts lookup against OpenSSH's own (`ssh-keygen -F`), on plain, wildcard, negated, ported,
// @revoked and hashed (`ssh-keygen -H`) entries.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fingerprint, knownKeys } from '../../../src/kafka/tunnels/known-hosts';
import { requireOpenSsh } from '../../helpers/sshd';

const NAMES: [string, number][] = [
  ['a.kafka.example', 22],
  ['bad.kafka.example', 22],
  ['bastion.example', 2222],
  ['bastion.example', 22],
  ['b1.other', 22],
  ['b12.other', 22],
  ['old.example', 22],
  ['10.0.0.5', 22],
  ['10.0.0.5', 2022],
];

describe('known_hosts lookup, compared with ssh-keygen -F', () => {
  let dir = '';
  let pub1 = '';
  let pub2 = '';
  before(function () {
    requireOpenSsh(this);
    dir = mkdtempSync(join(tmpdir(), 'known-hosts-'));
    for (const k of ['k1', 'k2']) spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, k)]);
    pub1 = readFileSync(join(dir, 'k1.pub'), 'utf8').split(' ').slice(0, 2).join(' ');
    pub2 = readFileSync(join(dir, 'k2.pub'), 'utf8').split(' ').slice(0, 2).join(' ');
    writeFileSync(
      join(dir, 'plain'),
      ['# a comment', `*.kafka.example,!bad.kafka.example ${pub1}`, `[bastion.example]:2222 ${pub2}`, `b?.other ${pub1}`, `@revoked old.example ${pub2}`, `10.0.0.5 ${pub2}`, `[10.0.0.5]:2022 ${pub1}`, ''].join('\n'),
    );
    copyFileSync(join(dir, 'plain'), join(dir, 'hashed'));
    // -H hashes the plain names; wildcard lines are left as they are
    assert.equal(spawnSync('ssh-keygen', ['-H', '-f', join(dir, 'hashed')]).status, 0);
    assert.match(readFileSync(join(dir, 'hashed'), 'utf8'), /^\|1\|/m);
  });
  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const file of ['plain', 'hashed']) {
    it(`finds the same keys as OpenSSH in a ${file} file`, () => {
      const text = readFileSync(join(dir, file), 'utf8');
      for (const [host, port] of NAMES) {
        const name = port === 22 ? host : `[${host}]:${port}`;
        const r = spawnSync('ssh-keygen', ['-F', name, '-f', join(dir, file)], { encoding: 'utf8' });
        const theirs = r.stdout
          .split('\n')
          .filter((l) => l && !l.startsWith('#'))
          .map((l) => (l.startsWith('@revoked') ? 'revoked ' : '') + l.split(/\s+/).slice(-1)[0]);
        const ours = knownKeys(text, host, port).map((k) => (k.revoked ? 'revoked ' : '') + k.key.toString('base64'));
        assert.deepEqual(ours.sort(), theirs.sort(), name);
      }
      // sanity: the lookups above were not all empty
      assert.equal(knownKeys(text, 'a.kafka.example', 22).length, 1);
      assert.equal(knownKeys(text, 'bastion.example', 2222).length, 1);
    });
  }

  it('prints fingerprints as ssh-keygen -l does', () => {
    const r = spawnSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', join(dir, 'k1.pub')], { encoding: 'utf8' });
    assert.equal(fingerprint(Buffer.from(pub1.split(' ')[1], 'base64')), r.stdout.split(' ')[1]);
  });
});
