// The questions of each auth mode and tunnel, shared by "MSK: Add Connection…" (a direct
// connection: any mode) and an MSK cluster's first open (the modes its ClientAuthentication
// enables). Answers come back as settings (non-secret) plus the secrets to store; the caller
// stores them only once every question is answered, so a cancelled flow leaves nothing behind.
import { readFileSync } from 'node:fs';
import { prompter, type PickItem } from './prompter';
import { MODE_LABEL, type AuthModeName, type AuthSetting, type SecretKind, type TunnelSetting } from './connection-auth';
import { connectionMessages as m } from './connection-messages';

export interface Asked<T> {
  value: T;
  secrets: Partial<Record<SecretKind, string>>;
}

export interface AuthQuestions {
  /** A direct connection: IAM asks for a profile and region, SCRAM may name a secret's ARN, TLS a server name. */
  direct: boolean;
  /** An MSK cluster: the secrets associated with it (ListScramSecrets). */
  scramSecrets?: () => Promise<string[]>;
  /** The region a direct IAM connection suggests (from the broker host names). */
  suggestedRegion?: string;
  /** Profiles for IAM and Secrets Manager (direct connections). */
  profiles?: () => Promise<{ name: string; region?: string; kind: string }[]>;
}

const PORT_MODE: Record<string, AuthModeName> = { '9092': 'plaintext', '9094': 'tls', '9194': 'tls', '9096': 'sasl_scram', '9196': 'sasl_scram', '9098': 'sasl_iam', '9198': 'sasl_iam' };

/** The mode an MSK port suggests, if the bootstrap's first port is one of MSK's. */
export function modeOfPort(bootstrap: string): AuthModeName | undefined {
  const port = /:(\d+)\s*$/.exec(bootstrap.split(',')[0] ?? '')?.[1];
  return port ? PORT_MODE[port] : undefined;
}

/** Asks which of `modes` to use; the suggested one first. */
export async function pickMode(modes: readonly AuthModeName[], title: string, suggested?: AuthModeName): Promise<AuthModeName | undefined> {
  const order = suggested && modes.includes(suggested) ? [suggested, ...modes.filter((x) => x !== suggested)] : [...modes];
  const items: PickItem<AuthModeName>[] = order.map((mode) => ({ label: MODE_LABEL[mode], description: mode === suggested ? m.suggested : undefined, detail: m.modeDetail[mode], value: mode }));
  return prompter().pick('auth.mode', items, { title, placeHolder: m.pickMode });
}

function keyIsEncrypted(file: string): boolean {
  try {
    const text = readFileSync(file, 'utf8');
    return /ENCRYPTED/.test(text.split('\n').slice(0, 3).join('\n')) || /Proc-Type: 4,ENCRYPTED/.test(text);
  } catch {
    return false;
  }
}

/** An OpenSSH private key is encrypted when its kdf is not "none" (or a PEM one says ENCRYPTED). */
function sshKeyIsEncrypted(file: string): boolean {
  try {
    const text = readFileSync(file, 'utf8');
    if (/ENCRYPTED/.test(text)) return true;
    const b64 = /-----BEGIN OPENSSH PRIVATE KEY-----([\s\S]*?)-----END/.exec(text)?.[1];
    if (!b64) return false;
    const raw = Buffer.from(b64.replace(/\s+/g, ''), 'base64');
    // "openssh-key-v1\0", then string ciphername: "none" for an unencrypted key
    const off = 15;
    const len = raw.readUInt32BE(off);
    return raw.subarray(off + 4, off + 4 + len).toString() !== 'none';
  } catch {
    return false;
  }
}

async function askCa(title: string): Promise<{ caFile?: string } | undefined> {
  const choice = await prompter().pick('tls.ca', [
    { label: m.systemCas, detail: m.systemCasDetail, value: 'system' as const },
    { label: m.caFile, detail: m.caFileDetail, value: 'file' as const },
  ], { title, placeHolder: m.pickCa });
  if (!choice) return undefined;
  if (choice === 'system') return {};
  const caFile = await prompter().file('tls.caFile', { title: m.caFileTitle, filters: { 'PEM certificates': ['pem', 'crt', 'cer'], All: ['*'] } });
  return caFile ? { caFile } : undefined;
}

async function askServername(title: string, q: AuthQuestions): Promise<{ servername?: string } | undefined> {
  if (!q.direct) return {};
  const v = await prompter().input('tls.servername', { title, prompt: m.servernamePrompt, placeHolder: m.servernamePlaceholder });
  if (v === undefined) return undefined;
  return v.trim() ? { servername: v.trim() } : {};
}

async function askProfile(title: string, q: AuthQuestions): Promise<{ profile?: string; region?: string } | undefined> {
  const profiles = (await q.profiles?.()) ?? [];
  const items: PickItem<{ profile?: string; region?: string }>[] = [
    { label: m.defaultCredentials, detail: m.defaultCredentialsDetail, value: {} },
    ...profiles.map((p) => ({ label: p.name, description: [p.kind, p.region].filter(Boolean).join(' · '), value: { profile: p.name, region: p.region } })),
  ];
  return prompter().pick('aws.profile', items, { title, placeHolder: m.pickProfile });
}

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** The questions of one auth mode. */
export async function askAuth(mode: AuthModeName, title: string, q: AuthQuestions): Promise<Asked<AuthSetting> | undefined> {
  const p = prompter();
  switch (mode) {
    case 'plaintext':
      return { value: { mode: 'plaintext' }, secrets: {} };
    case 'tls': {
      const ca = await askCa(title);
      if (!ca) return undefined;
      const sn = await askServername(title, q);
      if (!sn) return undefined;
      return { value: { mode: 'tls', ...ca, ...sn }, secrets: {} };
    }
    case 'mtls': {
      const certFile = await p.file('mtls.certFile', { title: m.certTitle, filters: { 'PEM certificates': ['pem', 'crt', 'cer'], All: ['*'] } });
      if (!certFile) return undefined;
      const keyFile = await p.file('mtls.keyFile', { title: m.keyTitle, filters: { 'PEM keys': ['pem', 'key'], All: ['*'] } });
      if (!keyFile) return undefined;
      const secrets: Asked<AuthSetting>['secrets'] = {};
      if (keyIsEncrypted(keyFile)) {
        const passphrase = await p.input('mtls.passphrase', { title, prompt: m.keyPassphrase(keyFile), password: true, validateInput: (v) => (v ? undefined : m.required) });
        if (passphrase === undefined) return undefined;
        secrets.keyPassphrase = passphrase;
      }
      const ca = await askCa(title);
      if (!ca) return undefined;
      const sn = await askServername(title, q);
      if (!sn) return undefined;
      return { value: { mode: 'mtls', certFile, keyFile, ...ca, ...sn }, secrets };
    }
    case 'sasl_scram': {
      const listed = q.scramSecrets ? await q.scramSecrets() : [];
      const items: PickItem<string>[] = [
        ...listed.map((arn) => ({ label: arn.split(':secret:')[1] ?? arn, description: m.associated, detail: arn, value: arn })),
        ...(q.direct ? [{ label: m.secretArn, detail: m.secretArnDetail, value: '$arn' }] : []),
        { label: m.typed, detail: m.typedDetail, value: '$typed' },
      ];
      const source = await p.pick('scram.source', items, { title, placeHolder: m.pickScramSource });
      if (!source) return undefined;
      let value: AuthSetting;
      const secrets: Asked<AuthSetting>['secrets'] = {};
      if (source === '$typed') {
        const username = await p.input('scram.username', { title, prompt: m.scramUser, validateInput: (v) => (v.trim() ? undefined : m.required) });
        if (username === undefined) return undefined;
        const password = await p.input('scram.password', { title, prompt: m.scramPassword(username.trim()), password: true, validateInput: (v) => (v ? undefined : m.required) });
        if (password === undefined) return undefined;
        secrets.scramPassword = password;
        value = { mode: 'sasl_scram', username: username.trim() };
      } else if (source === '$arn') {
        const arn = await p.input('scram.secretArn', {
          title, prompt: m.secretArnPrompt, placeHolder: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:AmazonMSK_…',
          validateInput: (v) => (/^arn:aws[\w-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:\S+$/.test(v.trim()) ? undefined : m.badSecretArn),
        });
        if (arn === undefined) return undefined;
        const profile = await askProfile(title, q);
        if (!profile) return undefined;
        value = { mode: 'sasl_scram', secretArn: arn.trim(), ...(profile.profile ? { profile: profile.profile } : {}) };
      } else {
        value = { mode: 'sasl_scram', secretArn: source };
      }
      const ca = await askCa(title);
      if (!ca) return undefined;
      return { value: { ...value, ...ca }, secrets };
    }
    case 'sasl_iam': {
      let extra: { profile?: string; region?: string } = {};
      if (q.direct) {
        const profile = await askProfile(title, q);
        if (!profile) return undefined;
        const fallback = q.suggestedRegion ?? profile.region;
        const region = await p.input('aws.region', {
          title, prompt: m.regionPrompt, value: fallback ?? '', placeHolder: 'us-east-1',
          validateInput: (v) => (REGION.test(v.trim()) ? undefined : m.badRegion),
        });
        if (region === undefined) return undefined;
        extra = { ...(profile.profile ? { profile: profile.profile } : {}), region: region.trim() };
      }
      const ca = await askCa(title);
      if (!ca) return undefined;
      return { value: { mode: 'sasl_iam', ...extra, ...ca }, secrets: {} };
    }
  }
}

/** user@host[:port] */
export function parseSshTarget(text: string): { username: string; host: string; port?: number } | undefined {
  const r = /^([^@\s]+)@([^:\s@]+|\[[0-9a-fA-F:]+\])(?::(\d{1,5}))?$/.exec(text.trim());
  if (!r) return undefined;
  const port = r[3] ? Number(r[3]) : undefined;
  if (port !== undefined && (port < 1 || port > 65535)) return undefined;
  return { username: r[1], host: r[2].replace(/^\[|\]$/g, ''), ...(port ? { port } : {}) };
}

/** host:port */
export function parseHostPort(text: string): { host: string; port: number } | undefined {
  const r = /^([^:\s]+|\[[0-9a-fA-F:]+\]):(\d{1,5})$/.exec(text.trim());
  if (!r || Number(r[2]) < 1 || Number(r[2]) > 65535) return undefined;
  return { host: r[1].replace(/^\[|\]$/g, ''), port: Number(r[2]) };
}

/** The tunnel questions; `null` value: no tunnel. */
export async function askTunnel(title: string): Promise<Asked<TunnelSetting | null> | undefined> {
  const p = prompter();
  const kind = await p.pick('tunnel.kind', [
    { label: m.noTunnel, detail: m.noTunnelDetail, value: 'none' as const },
    { label: m.sshTunnel, detail: m.sshTunnelDetail, value: 'ssh' as const },
    { label: m.socksTunnel, detail: m.socksTunnelDetail, value: 'socks5' as const },
  ], { title, placeHolder: m.pickTunnel });
  if (!kind) return undefined;
  if (kind === 'none') return { value: null, secrets: {} };
  if (kind === 'socks5') {
    const where = await p.input('socks.address', { title, prompt: m.socksAddress, placeHolder: '127.0.0.1:1080', validateInput: (v) => (parseHostPort(v) ? undefined : m.badHostPort) });
    if (where === undefined) return undefined;
    const username = await p.input('socks.username', { title, prompt: m.socksUser });
    if (username === undefined) return undefined;
    const secrets: Asked<TunnelSetting>['secrets'] = {};
    if (username.trim()) {
      const password = await p.input('socks.password', { title, prompt: m.socksPassword(username.trim()), password: true });
      if (password === undefined) return undefined;
      secrets.socksPassword = password;
    }
    return { value: { kind: 'socks5', ...parseHostPort(where)!, ...(username.trim() ? { username: username.trim() } : {}) }, secrets };
  }
  const target = await p.input('ssh.target', { title, prompt: m.sshTarget, placeHolder: 'ec2-user@bastion.example.com:22', validateInput: (v) => (parseSshTarget(v) ? undefined : m.badSshTarget) });
  if (target === undefined) return undefined;
  const agentSocket = process.env.SSH_AUTH_SOCK;
  const how = await p.pick('ssh.auth', [
    { label: m.sshKeyFile, detail: m.sshKeyFileDetail, value: 'key' as const },
    ...(agentSocket ? [{ label: m.sshAgent, detail: m.sshAgentDetail(agentSocket), value: 'agent' as const }] : []),
  ], { title, placeHolder: m.pickSshAuth });
  if (!how) return undefined;
  const secrets: Asked<TunnelSetting>['secrets'] = {};
  let privateKeyPath: string | undefined;
  if (how === 'key') {
    privateKeyPath = await p.file('ssh.keyFile', { title: m.sshKeyTitle });
    if (!privateKeyPath) return undefined;
    if (sshKeyIsEncrypted(privateKeyPath)) {
      const passphrase = await p.input('ssh.passphrase', { title, prompt: m.sshPassphrase(privateKeyPath), password: true, validateInput: (v) => (v ? undefined : m.required) });
      if (passphrase === undefined) return undefined;
      secrets.sshPassphrase = passphrase;
    }
  }
  return { value: { kind: 'ssh', ...parseSshTarget(target)!, ...(privateKeyPath ? { privateKeyPath } : { useAgent: true }) }, secrets };
}
