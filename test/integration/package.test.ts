// `npm run package`: the .vsix builds offline, stays under budget, and holds the bundles and rule docs
// but no sources, tests or fixtures.
import * as assert from 'assert';
import { execFileSync, spawnSync } from 'child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { parse as parseYaml } from 'yaml';

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
    for (const [chunk, marker] of [['aws.js', 'aws-msk-iam-sasl-signer-js'], ['kafka-ssh.js', 'ssh2js'], ['kafka-socks.js', 'SocksClient']]) {
      assert.ok(entries.includes(`extension/dist/${chunk}`), `missing ${chunk}`);
      assert.ok(readFileSync(join(dist, chunk), 'utf8').includes(marker), `${chunk} does not hold ${marker}`);
      assert.ok(!kafka.includes(marker), `kafka.js holds ${marker}`);
      assert.ok(kafka.includes(`require("./${chunk}")`), `kafka.js does not load ${chunk}`);
    }
  });

  it('lets no placeholder address reach users: nothing in dist/ or the .vsix names example.invalid', () => {
    const dist = join(root, 'dist');
    const inDist = readdirSync(dist).filter((f) => readFileSync(join(dist, f), 'utf8').includes('example.invalid'));
    assert.deepStrictEqual(inDist, []);
    const inVsix = entries.filter((e) => !e.endsWith('/') && execFileSync('unzip', ['-p', vsix, e.replace(/[[\]*?]/g, '\\$&')], { maxBuffer: 64 * 1024 * 1024 }).includes('example.invalid'));
    assert.deepStrictEqual(inVsix, []);
  });

  it('holds the license, changelog, icon, snippets and walkthrough images that the manifest names', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      icon: string;
      contributes: { snippets: { path: string }[]; walkthroughs: { steps: { media: { image: string } }[] }[] };
    };
    const named = [
      'LICENSE', 'CHANGELOG.md', manifest.icon,
      ...manifest.contributes.snippets.map((s) => s.path.replace(/^\.\//, '')),
      ...manifest.contributes.walkthroughs.flatMap((w) => w.steps.map((s) => s.media.image)),
    ];
    // vsce renames these two as the Marketplace expects them
    const packagedAs: Record<string, string> = { LICENSE: 'LICENSE.txt', 'CHANGELOG.md': 'changelog.md' };
    for (const f of new Set(named)) assert.ok(entries.includes(`extension/${packagedAs[f] ?? f}`), `missing ${f}`);
    // README links that the details page resolves inside the extension
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    for (const [, link] of readme.matchAll(/\]\(((?:docs|media)\/[^)#\s]+)\)/g)) assert.ok(entries.some((e) => e === `extension/${link}` || e.startsWith(`extension/${link}/`)), `README links ${link}, which is not packaged`);
  });

  it('runs the README\'s CI example: msk-tools unpacked from the .vsix lints a tree into SARIF with each rule\'s doc page', () => {
    // the workflow's own `run:` lines (docs/ci/msk-lint.yml, shown in the README), in a scratch repository
    const workflow = parseYaml(readFileSync(join(root, 'docs/ci/msk-lint.yml'), 'utf8')) as { jobs: Record<string, { steps: { run?: string }[] }> };
    const runs = Object.values(workflow.jobs)[0].steps.flatMap((s) => (s.run ? [s.run] : []));
    assert.equal(runs.length, 2);
    const repo = mkdtempSync(join(tmpdir(), 'msk-ci-'));
    try {
      writeFileSync(join(repo, 'producer.properties'), 'bootstrap.servers=b-1.c.abc123.c2.kafka.us-east-1.amazonaws.com:9098\nkey.serializer=x\nenable.idempotence=true\nacks=1\n');
      // a GitHub runner's RUNNER_TEMP exists before any step runs
      const env = { ...process.env, MSK_TOOLS_VSIX: vsix, RUNNER_TEMP: join(repo, '.runner') };
      mkdirSync(env.RUNNER_TEMP);
      execFileSync('bash', ['-ec', runs[0]], { cwd: repo, env });
      const lint = spawnSync('bash', ['-ec', runs[1]], { cwd: repo, env, encoding: 'utf8' });
      assert.equal(lint.status, 1, `an error finding fails the step: ${lint.stderr}`);
      const sarif = JSON.parse(readFileSync(join(repo, 'msk-lint.sarif'), 'utf8')) as { runs: { tool: { driver: { rules: { id: string; help: { markdown?: string } }[] } }; results: { ruleId: string }[] }[] };
      // in the file's order: the port (line 1), then acks=1 (line 4), which two rules flag
      assert.deepStrictEqual(sarif.runs[0].results.map((r) => r.ruleId), ['MSK006', 'MSK002', 'MSK004']);
      for (const r of sarif.runs[0].tool.driver.rules) assert.match(r.help.markdown ?? '', new RegExp(`^# ${r.id} `));
    } finally {
      rmSync(repo, { recursive: true, force: true });
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
