// "MSK: Add Connection…" for a direct bootstrap address, with any auth mode and an optional tunnel,
// and "MSK: Remove Connection". Connections are kept in the user's `msk.connections` setting with
// the non-secret parts only (addresses, file paths, user names, an accepted host key fingerprint);
// passwords and passphrases go to VS Code's SecretStorage under the connection's keys, and are
// deleted with it.
import * as vscode from 'vscode';
import { bootstrapProblem } from '../core/bootstrap';
import { connectionScope, deleteSecrets, loadAws, loadKafka, regionOfBootstrap, secretKey, type SecretKind, type SecretStore, type TunnelSetting } from './connection-auth';
import { askAuth, askTunnel, modeOfPort, pickMode } from './connection-prompts';
import { connectionMessages as m } from './connection-messages';
import type { ConnectionSetting } from './explorer/connections';
import { prompter } from './prompter';

const ALL_MODES = ['plaintext', 'tls', 'mtls', 'sasl_scram', 'sasl_iam'] as const;

function settings(): ConnectionSetting[] {
  return vscode.workspace.getConfiguration('msk').inspect<ConnectionSetting[]>('connections')?.globalValue ?? [];
}

async function storeSecrets(store: SecretStore, scope: string, secrets: Partial<Record<SecretKind, string>>): Promise<void> {
  for (const [kind, value] of Object.entries(secrets) as [SecretKind, string][]) await store.store(secretKey(scope, kind), value);
}

/**
 * Connects to the bastion once: an unknown host key is shown with its fingerprint, and accepted only
 * if the user says so (then remembered in the setting). A changed or revoked key, or a failed login,
 * stops the flow with the tunnel's own explanation.
 */
async function checkBastion(t: Extract<TunnelSetting, { kind: 'ssh' }>, passphrase: string | undefined): Promise<Extract<TunnelSetting, { kind: 'ssh' }>> {
  const k = await loadKafka();
  const where = `${t.username}@${t.host}:${t.port ?? 22}`;
  const spec = {
    kind: 'ssh' as const, host: t.host, username: t.username, ...(t.port ? { port: t.port } : {}),
    ...(t.privateKeyPath ? { privateKeyPath: t.privateKeyPath } : {}), ...(t.useAgent && process.env.SSH_AUTH_SOCK ? { agent: process.env.SSH_AUTH_SOCK } : {}),
    ...(t.knownHostsFile ? { knownHostsFile: t.knownHostsFile } : {}), ...(passphrase !== undefined ? { passphrase } : {}),
  };
  const check = (fp?: string) => vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: m.checkingBastion(where) }, () =>
    k.checkSshTunnel({ ...spec, ...(fp ? { hostKeyFingerprint: fp } : {}) }));
  try {
    await check();
    return t;
  } catch (err) {
    const hostKey = (err as { hostKey?: { fingerprint: string; status: string } }).hostKey;
    if (hostKey?.status !== 'unknown') throw err;
    const accepted = await prompter().confirm('ssh.acceptHostKey', m.unknownHostKey(where, hostKey.fingerprint), m.unknownHostKeyDetail, m.acceptHostKey);
    if (!accepted) throw new Error(m.hostKeyRefused(where), { cause: err });
    // the login itself is checked with the accepted key
    await check(hostKey.fingerprint);
    return { ...t, hostKeyFingerprint: hostKey.fingerprint };
  }
}

/** Asks for everything, then writes the setting and the secrets; undefined when cancelled (nothing written). */
export async function addConnection(store: SecretStore): Promise<ConnectionSetting | undefined> {
  const p = prompter();
  const bootstrap = await p.input('connection.bootstrap', {
    title: m.addTitle, prompt: m.bootstrapPrompt, placeHolder: m.bootstrapPlaceholder, validateInput: (v) => bootstrapProblem(v),
  });
  if (bootstrap === undefined) return undefined;
  const brokers = bootstrap.split(',').map((s) => s.trim()).filter(Boolean).join(',');
  const mode = await pickMode(ALL_MODES, m.addTitle, modeOfPort(brokers));
  if (!mode) return undefined;
  const auth = await askAuth(mode, m.addTitle, {
    direct: true, suggestedRegion: regionOfBootstrap(brokers),
    profiles: async () => (await (await loadAws()).listProfiles()).map((x) => ({ name: x.name, region: x.region, kind: x.kind })),
  });
  if (!auth) return undefined;
  const tunnel = await askTunnel(m.addTitle);
  if (!tunnel) return undefined;
  let tunnelSetting = tunnel.value;
  if (tunnelSetting?.kind === 'ssh') tunnelSetting = await checkBastion(tunnelSetting, tunnel.secrets.sshPassphrase);
  const existing = settings();
  const suggested = brokers.split(',')[0].split('.')[1] ?? brokers.split(',')[0];
  const name = await p.input('connection.name', {
    title: m.addTitle, prompt: m.namePrompt, value: suggested,
    validateInput: (v) => (!v.trim() ? m.namePrompt : existing.some((c) => c.name === v.trim()) ? m.nameTaken(v.trim()) : undefined),
  });
  if (name === undefined) return undefined;
  const entry: ConnectionSetting = {
    name: name.trim(), bootstrap: brokers,
    ...(auth.value.mode !== 'plaintext' ? { auth: auth.value } : {}),
    ...(tunnelSetting ? { tunnel: tunnelSetting } : {}),
  };
  const scope = connectionScope(entry.name);
  // stale secrets of an earlier connection of the same name must not be picked up
  await deleteSecrets(store, scope);
  await storeSecrets(store, scope, { ...auth.secrets, ...tunnel.secrets });
  await vscode.workspace.getConfiguration('msk').update('connections', [...existing, entry], vscode.ConfigurationTarget.Global);
  void vscode.window.showInformationMessage(m.added(entry.name));
  return entry;
}

/** Removes a connection from the user's msk.connections and deletes its secrets. */
export async function removeConnection(store: SecretStore, name: string | undefined): Promise<string | undefined> {
  const existing = settings();
  if (name === undefined) {
    if (!existing.length) throw new Error(m.noConnections);
    name = await prompter().pick('connection.remove', existing.map((c) => ({ label: c.name, description: c.bootstrap, value: c.name })), { title: m.removeWhich });
    if (name === undefined) return undefined;
  }
  if (!existing.some((c) => c.name === name)) throw new Error(m.noSuchConnection(name));
  if (!(await prompter().confirm('connection.removeConfirm', m.removeConfirm(name), m.removeDetail, m.removeButton))) return undefined;
  await vscode.workspace.getConfiguration('msk').update('connections', existing.filter((c) => c.name !== name), vscode.ConfigurationTarget.Global);
  await deleteSecrets(store, connectionScope(name));
  void vscode.window.showInformationMessage(m.removed(name));
  return name;
}
