// Every auth mode through the explorer, in a real VS Code, against sandboxes whose listeners check
// what clients send (SigV4 IAM tokens, SCRAM proofs, client certificates): an MSK cluster found
// through the MSK API emulator is connected to in each mode its ClientAuthentication enables (IAM
// with the AWS connection's own profile, SCRAM from the associated Secrets Manager secret and typed,
// TLS, mTLS with an encrypted key, plaintext), direct connections are added through MSK: Add
// Connection…, and a wrong password shows an error naming the mode. The prompts are answered by a
// scripted prompter (the extension's test hook). Afterwards the settings files, the logs (the output
// channel's file among them) are searched for every secret the session used.
import * as assert from 'assert';
import { createPrivateKey } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { Kafka, logLevel } from 'kafkajs';
import type { MskToolsApi } from '../../../src/extension';
import { child, kids, mskApi, repoRoot, waitFor } from './util';
import { ScriptedPrompter, type Answer } from './prompts';

interface Node { id: string; label: string; description?: string; contextValue: string; tooltip?: string; children?(): Promise<Node[]> }

const TOPIC = 'auth-modes-explorer';
const PASSPHRASE = 'explorer-test-key-passphrase-4711';
const WRONG_PASSWORD = 'explorer-test-wrong-password-0815';
// the sandbox's SCRAM user (README: a local sandbox only), also the value of its AmazonMSK_ secret
const SCRAM_USER = 'msk-sandbox';
const SCRAM_PASSWORD = 'msk-sandbox-secret';

describe('explorer: every auth mode against the sandbox, and no secret left behind', function () {
  this.timeout(180_000);
  let api: MskToolsApi;
  let sb: import('../../../src/sandbox/index').RunningSandbox;
  let mtlsSb: import('../../../src/sandbox/index').RunningSandbox;
  let dir: string;
  let encryptedKey: string;
  const prompts = new ScriptedPrompter();
  const saved = { config: process.env.AWS_CONFIG_FILE, credentials: process.env.AWS_SHARED_CREDENTIALS_FILE };
  const msk = () => vscode.workspace.getConfiguration('msk');
  const run = (id: string, ...args: unknown[]) => vscode.commands.executeCommand<unknown>(id, ...args);
  const root = async (label: string) => waitFor(async () => ((await api.explorer.getChildren()) as Node[]).find((n) => n.label === label), `the ${label} connection`);

  before(async () => {
    api = await mskApi();
    assert.ok(api.testing, 'the extension runs in ExtensionMode.Test, with its prompt hook');
    api.testing.setPrompter(prompts);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { startSandbox } = require(path.join(repoRoot(), 'dist', 'sandbox.js')) as typeof import('../../../src/sandbox/index');
    [sb, mtlsSb] = await Promise.all([startSandbox({ brokers: 1 }), startSandbox({ brokers: 1, requireClientCert: true })]);
    for (const s of [sb, mtlsSb]) {
      const admin = new Kafka({ brokers: s.bootstrap.split(','), logLevel: logLevel.NOTHING }).admin();
      await admin.connect();
      await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 1, replicationFactor: 1 }] });
      await admin.disconnect();
    }
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msk-auth-explorer-'));
    encryptedKey = path.join(dir, 'client-key.enc.pem');
    fs.writeFileSync(encryptedKey, createPrivateKey(fs.readFileSync(mtlsSb.clientKeyFile)).export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: PASSPHRASE }));
    const role = sb.iamCredentials.role;
    fs.writeFileSync(path.join(dir, 'config'), '[profile iam-role]\nregion = us-east-1\n');
    fs.writeFileSync(path.join(dir, 'credentials'), `[iam-role]\naws_access_key_id = ${role.accessKeyId}\naws_secret_access_key = ${role.secretAccessKey}\naws_session_token = ${role.sessionToken}\n`);
    process.env.AWS_CONFIG_FILE = path.join(dir, 'config');
    process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(dir, 'credentials');
    await msk().update('aws.endpoint', sb.mskEndpoint, vscode.ConfigurationTarget.Global);
    await msk().update('aws.secretsEndpoint', sb.secretsEndpoint, vscode.ConfigurationTarget.Global);
    await msk().update('aws.connections', [{ name: 'aws-auth', profile: 'iam-role' }], vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    api?.testing?.setPrompter(undefined);
    for (const key of ['aws.connections', 'aws.endpoint', 'aws.secretsEndpoint', 'connections']) await msk().update(key, undefined, vscode.ConfigurationTarget.Global);
    for (const [k, v] of [['AWS_CONFIG_FILE', saved.config], ['AWS_SHARED_CREDENTIALS_FILE', saved.credentials]] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await Promise.all([sb?.stop(), mtlsSb?.stop()]);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const ca = (s: { caFile: string }): Record<string, Answer> => ({ 'tls.ca': 'file', 'tls.caFile': s.caFile });

  /** Chooses the mode of the msk-sandbox cluster with these answers, then expands it down to the topic. */
  async function connectMskCluster(answers: Record<string, Answer>): Promise<void> {
    prompts.answers = answers;
    const cluster = await child(await root('aws-auth'), 'msk-sandbox');
    await run('msk.aws.chooseAuthMode', cluster);
    assert.strictEqual(api.lastCommandFailure('msk.aws.chooseAuthMode'), undefined);
    const again = await child(await root('aws-auth'), 'msk-sandbox');
    const top = await kids(again);
    assert.strictEqual(top[0]?.label, 'Brokers (1)', top.map((n) => `${n.label}: ${n.tooltip ?? ''}`).join(' | '));
    await child(await child(again, /^Topics \(/), TOPIC);
  }

  const lastOffered = (id: string) => prompts.asked.filter((a) => a.id === id).at(-1)?.offered;

  it('IAM: signs with the AWS connection\'s own profile (temporary credentials) for the cluster\'s region', async () => {
    await connectMskCluster({ 'auth.mode': 'sasl_iam', ...ca(sb) });
    // the modes offered are the cluster's: its ClientAuthentication and EncryptionInTransit
    assert.deepStrictEqual(lastOffered('auth.mode'), ['plaintext', 'tls', 'sasl_scram', 'sasl_iam']);
    assert.match((await child(await root('aws-auth'), 'msk-sandbox')).tooltip!, /connects with: IAM$/m);
  });

  it('SASL/SCRAM from the Secrets Manager secret associated with the cluster (ListScramSecrets)', async () => {
    await connectMskCluster({ 'auth.mode': 'sasl_scram', 'scram.source': sb.scramSecretArn, ...ca(sb) });
    assert.deepStrictEqual(lastOffered('scram.source'), [sb.scramSecretArn, '$typed']);
  });

  it('SASL/SCRAM with a typed username and password', async () => {
    await connectMskCluster({ 'auth.mode': 'sasl_scram', 'scram.source': '$typed', 'scram.username': SCRAM_USER, 'scram.password': SCRAM_PASSWORD, ...ca(sb) });
    assert.strictEqual(prompts.asked.filter((a) => a.id === 'scram.password').at(-1)?.password, true);
  });

  it('TLS with the sandbox\'s CA, and plaintext', async () => {
    await connectMskCluster({ 'auth.mode': 'tls', ...ca(sb) });
    await connectMskCluster({ 'auth.mode': 'plaintext' });
  });

  it('mTLS with an encrypted client key, on a cluster that requires client certificates', async () => {
    await msk().update('aws.endpoint', mtlsSb.mskEndpoint, vscode.ConfigurationTarget.Global);
    await connectMskCluster({
      'auth.mode': 'mtls', 'mtls.certFile': mtlsSb.clientCertFile, 'mtls.keyFile': encryptedKey, 'mtls.passphrase': PASSPHRASE, ...ca(mtlsSb),
    });
    assert.ok(lastOffered('auth.mode')?.includes('mtls'), JSON.stringify(lastOffered('auth.mode')));
    assert.strictEqual(prompts.asked.filter((a) => a.id === 'mtls.passphrase').at(-1)?.password, true);
  });

  /** Adds a direct connection through MSK: Add Connection… with these answers. */
  async function addDirect(name: string, bootstrap: string, answers: Record<string, Answer>): Promise<Node> {
    prompts.answers = { 'connection.bootstrap': bootstrap, 'tunnel.kind': 'none', 'connection.name': name, 'tls.servername': '', ...answers };
    const added = await run('msk.addConnection');
    assert.strictEqual(api.lastCommandFailure('msk.addConnection'), undefined);
    assert.strictEqual((added as { name?: string } | undefined)?.name, name);
    return root(name);
  }

  it('direct connections: mTLS with an encrypted key and IAM with a profile, added through the command', async () => {
    const mtls = await addDirect('direct-mtls', mtlsSb.listeners.tls, {
      'auth.mode': 'mtls', 'mtls.certFile': mtlsSb.clientCertFile, 'mtls.keyFile': encryptedKey, 'mtls.passphrase': PASSPHRASE, ...ca(mtlsSb),
    });
    await child(await child(mtls, /^Topics \(/), TOPIC);
    const iam = await addDirect('direct-iam', sb.listeners.sasl_iam, { 'auth.mode': 'sasl_iam', 'aws.profile': 'iam-role', 'aws.region': 'us-east-1', ...ca(sb) });
    await child(await child(iam, /^Topics \(/), TOPIC);
    const entries = msk().inspect<Record<string, unknown>[]>('connections')?.globalValue ?? [];
    assert.deepStrictEqual(entries.find((e) => e.name === 'direct-mtls'), {
      name: 'direct-mtls', bootstrap: mtlsSb.listeners.tls,
      auth: { mode: 'mtls', certFile: mtlsSb.clientCertFile, keyFile: encryptedKey, caFile: mtlsSb.caFile },
    });
    assert.deepStrictEqual(entries.find((e) => e.name === 'direct-iam'), {
      name: 'direct-iam', bootstrap: sb.listeners.sasl_iam, auth: { mode: 'sasl_iam', profile: 'iam-role', region: 'us-east-1', caFile: sb.caFile },
    });
    assert.strictEqual(await api.testing!.secrets.get('msk.connection:direct-mtls.keyPassphrase'), PASSPHRASE);
  });

  it('a wrong SCRAM password shows an error that names the mode and what to check; removing the connection deletes its password', async () => {
    const bad = await addDirect('direct-bad-scram', sb.listeners.sasl_scram, {
      'auth.mode': 'sasl_scram', 'scram.source': '$typed', 'scram.username': SCRAM_USER, 'scram.password': WRONG_PASSWORD, ...ca(sb),
    });
    const [err] = await kids(bad);
    assert.strictEqual(err.contextValue, 'msk.error');
    assert.match(err.label, /^SASL\/SCRAM-SHA-512 authentication failed: /);
    assert.match(err.label, /Check the username and password/);
    assert.ok(!err.label.includes(WRONG_PASSWORD) && !err.tooltip!.includes(WRONG_PASSWORD));
    assert.strictEqual(await api.testing!.secrets.get('msk.connection:direct-bad-scram.scramPassword'), WRONG_PASSWORD);

    prompts.answers = { 'connection.removeConfirm': true };
    assert.strictEqual(await run('msk.removeConnection', bad), 'direct-bad-scram');
    assert.ok(!(msk().inspect<{ name: string }[]>('connections')?.globalValue ?? []).some((e) => e.name === 'direct-bad-scram'));
    assert.strictEqual(await api.testing!.secrets.get('msk.connection:direct-bad-scram.scramPassword'), undefined);
  });

  it('leaves no secret in the settings files, the logs or the output channel', async () => {
    const role = sb.iamCredentials.role;
    const secrets: [string, string][] = [
      ['the SCRAM password', SCRAM_PASSWORD], ['the wrong SCRAM password', WRONG_PASSWORD], ['the key passphrase', PASSPHRASE],
      ['the secret access key', role.secretAccessKey], ['the session token', role.sessionToken],
      // an IAM token is a base64url presigned URL (https://kafka.<region>.amazonaws.com/?Action=kafka-cluster%3AConnect&…)
      ['an IAM token', Buffer.from('https://kafka.').toString('base64url')], ['a SigV4 signature', 'X-Amz-Signature'],
    ];
    const testing = api.testing!;
    const userSettings = path.join(testing.globalStorageUri.fsPath, '..', '..', 'settings.json');
    const files = [userSettings];
    for (const f of vscode.workspace.workspaceFolders ?? []) files.push(path.join(f.uri.fsPath, '.vscode', 'settings.json'));
    if (vscode.workspace.workspaceFile?.scheme === 'file') files.push(vscode.workspace.workspaceFile.fsPath);
    // the session's log folder: the extension's own (logUri), the output channel's file, the extension host's
    let logsRoot = path.dirname(testing.logUri.fsPath);
    for (let up = 0; up < 4 && path.basename(logsRoot) !== 'logs'; up++) logsRoot = path.dirname(logsRoot);
    if (path.basename(logsRoot) !== 'logs') logsRoot = path.resolve(testing.logUri.fsPath, '..', '..', '..');
    const walk = (d: string): string[] => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
    const read = (f: string) => (fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : '');
    // the scan must see what this session wrote: the connections in settings, the explorer's lines in the output channel
    assert.match(read(userSettings), /"direct-mtls"/);
    await waitFor(() => walk(logsRoot).some((f) => /direct-bad-scram: SASL\/SCRAM-SHA-512 authentication failed/.test(read(f))), 'the output channel to log the refused password');
    const found: string[] = [];
    for (const f of [...files, ...walk(logsRoot)]) {
      const text = read(f);
      for (const [what, value] of secrets) if (text.includes(value)) found.push(`${what} in ${f}`);
    }
    assert.deepStrictEqual(found, []);
  });
});
