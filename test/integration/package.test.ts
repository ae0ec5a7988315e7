// `npm run package`: the .vsix builds offline, stays under budget, and holds the bundles and rule docs
// but no sources, tests or fixtures.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { readdirSync, readFileSync, statSync } from 'fs';
import { join, resolve } from 'path';

const root = resolve(__dirname, '../..');

describe('packaging (.vsix)', function () {
  this.timeout(180_000);
  let entries: string[];
  let vsix: string;

  before(() => {
    const { name, version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; version: string };
    vsix = join(root, `${name}-${version}.vsix`);
    execFileSync(process.execPath, [join(root, 'scripts/package.mjs')], { cwd: root, stdio: 'pipe' });
    entries = execFileSync('unzip', ['-Z1', vsix], { encoding: 'utf8' }).trim().split('\n');
  });

  it('stays under 1.5 MB', () => {
    assert.ok(statSync(vsix).size < 1.5 * 1024 * 1024, `${statSync(vsix).size} bytes`);
  });

  it('holds the extension bundle, its lazy chunks, the manifest and every rule page', () => {
    for (const f of ['extension/package.json', 'extension/dist/extension.js', 'extension/dist/lint.js', 'extension/dist/sandbox.js', 'extension/dist/kafka.js', 'extension/dist/kafkajs.js', 'extension/media/msk.svg', 'extension/docs/lint.md']) {
      assert.ok(entries.includes(f), `missing ${f}`);
    }
    for (let i = 1; i <= 7; i++) assert.ok(entries.includes(`extension/docs/rules/MSK00${i}.md`), `missing rule page MSK00${i}`);
  });

  it('carries kafkajs once: in its own file, which the explorer and the sandbox chunks both require', () => {
    // kafkajs's error classes (names read from the installed package) as markers of its code: where a bundle
    // holds their definitions (`this.name="KafkaJS…"`), it holds kafkajs; our sources only compare such names
    const errorsJs = readFileSync(require.resolve('kafkajs/src/errors.js'), 'utf8');
    const markers = [...errorsJs.matchAll(/this\.name = '(KafkaJS\w+)'/g)].map((m) => m[1]);
    assert.ok(markers.length >= 20, `only ${markers.length} markers found in kafkajs/src/errors.js`);
    const dist = join(root, 'dist');
    const holders = readdirSync(dist).filter((f) => f.endsWith('.js')).filter((f) => {
      const text = readFileSync(join(dist, f), 'utf8');
      return markers.some((m) => text.includes(`this.name="${m}"`) || text.includes(`this.name='${m}'`) || text.includes(`this.name = '${m}'`));
    });
    assert.deepStrictEqual(holders, ['kafkajs.js']);
    for (const chunk of ['kafka.js', 'sandbox.js']) {
      assert.match(readFileSync(join(dist, chunk), 'utf8'), /require\("\.\/kafkajs\.js"\)/, `${chunk} does not load kafkajs.js`);
    }
  });

  it('keeps the IAM signer, ssh2 and socks out of the explorer\'s kafka.js: lazy chunks that only such connections load', () => {
    const dist = join(root, 'dist');
    const kafka = readFileSync(join(dist, 'kafka.js'), 'utf8');
    for (const [chunk, marker] of [['kafka-iam.js', 'aws-msk-iam-sasl-signer-js'], ['kafka-ssh.js', 'ssh2js'], ['kafka-socks.js', 'SocksClient']]) {
      assert.ok(entries.includes(`extension/dist/${chunk}`), `missing ${chunk}`);
      assert.ok(readFileSync(join(dist, chunk), 'utf8').includes(marker), `${chunk} does not hold ${marker}`);
      assert.ok(!kafka.includes(marker), `kafka.js holds ${marker}`);
      assert.ok(kafka.includes(`require("./${chunk}")`), `kafka.js does not load ${chunk}`);
    }
  });

  it('leaves out sources, tests, fixtures, scripts and node_modules', () => {
    const leaked = entries.filter((e) => /^extension\/(src|test|scripts|bench|demo|node_modules|out)\//.test(e) || /\.ts$/.test(e));
    assert.deepStrictEqual(leaked, []);
  });

  it('ships the source map of the activation bundle only (the chunks\' maps would double the download)', () => {
    assert.ok(entries.includes('extension/dist/extension.js.map'), 'missing extension/dist/extension.js.map');
    assert.deepStrictEqual(entries.filter((e) => e.endsWith('.map') && e !== 'extension/dist/extension.js.map'), []);
  });
});
