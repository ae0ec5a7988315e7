// Connection flags shared by the commands that talk to brokers (topics, groups, peek, produce):
// the bootstrap servers, one auth mode (plaintext, TLS, mTLS, SASL/SCRAM typed or from Secrets
// Manager, IAM) and an optional tunnel (SSH bastion or SOCKS5 proxy), turned into the connection
// factory's ConnectionSpec. Passwords and passphrases are read from environment variables named by
// a flag, never taken as flag values (those show in `ps` and shell history).
import { accessSync, constants, existsSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { parseBootstrap } from '../core/bootstrap';
import { bootstrapRegion } from '../core/msk-hosts';
import { UsageError } from './errors';
import type { ConnectionSpec } from '../kafka/connection';
import type { ConnectionAuth, TlsOptions } from '../kafka/auth/types';
import type { TunnelSpec } from '../kafka/tunnels';

/** What addConnectionOptions adds, as commander names them (camelCase). */
export interface ConnectionFlags {
  bootstrap?: string;
  iam?: boolean;
  profile?: string;
  region?: string;
  scramSecret?: string;
  scramUser?: string;
  scramPasswordEnv?: string;
  tls?: boolean;
  ca?: string;
  tlsServerName?: string;
  cert?: string;
  key?: string;
  keyPassphraseEnv?: string;
  ssh?: string;
  sshKey?: string;
  sshKeyPassphraseEnv?: string;
  sshKnownHosts?: string;
  sshAcceptFingerprint?: string;
  socks5?: string;
}

/** Adds the connection flags to a command (in the order shown by --help). */
export function addConnectionOptions(cmd: Command): Command {
  return cmd
    .option('--bootstrap <servers>', 'bootstrap servers, "host:port,host:port" (the port of the auth mode: MSK 9092 plaintext, 9094 TLS, 9096 SCRAM, 9098 IAM)')
    .option('--iam', 'IAM auth (SASL/OAUTHBEARER over TLS) with your AWS credentials')
    .option('--profile <name>', 'AWS profile for --iam and --scram-secret (default: the default credential chain)')
    .option('--region <region>', 'AWS region for --iam and --scram-secret (default: from the broker names, the profile or AWS_REGION)')
    .option('--scram-secret <arn>', 'SASL/SCRAM-SHA-512 with the credentials of this Secrets Manager secret (AmazonMSK_…); honours AWS_ENDPOINT_URL_SECRETS_MANAGER')
    .option('--scram-user <name>', 'SASL/SCRAM-SHA-512 user (with --scram-password-env)')
    .option('--scram-password-env <var>', 'environment variable holding the SCRAM password')
    .option('--tls', 'TLS (server-authenticated); implied by --iam, --scram-*, --cert and --ca')
    .option('--ca <file>', 'PEM file of the CA to trust in place of the system\'s')
    .option('--tls-server-name <name>', 'TLS server name (SNI and certificate check) when it differs from the broker host')
    .option('--cert <file>', 'mTLS: PEM file of the client certificate (with --key)')
    .option('--key <file>', 'mTLS: PEM file of the client key')
    .option('--key-passphrase-env <var>', 'environment variable holding the passphrase of an encrypted --key')
    .option('--ssh <user@host[:port]>', 'reach the brokers through this SSH bastion (every broker connection is forwarded by it)')
    .option('--ssh-key <file>', 'private key for --ssh (default: an ssh-agent at SSH_AUTH_SOCK, else ~/.ssh/id_ed25519, id_ecdsa or id_rsa)')
    .option('--ssh-key-passphrase-env <var>', 'environment variable holding the passphrase of an encrypted --ssh-key')
    .option('--ssh-known-hosts <file>', 'known_hosts file that must hold the bastion\'s host key (default ~/.ssh/known_hosts)')
    .option('--ssh-accept-fingerprint <SHA256:…>', 'accept the bastion\'s host key with this fingerprint (as ssh-keygen -l prints it) when it is not in known_hosts')
    .option('--socks5 <host:port>', 'reach the brokers through this SOCKS5 proxy (e.g. ssh -D 1080 user@bastion)');
}

function readable(flag: string, file: string): string {
  try {
    accessSync(file, constants.R_OK);
  } catch (e) {
    throw new UsageError(`${flag} ${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); check the path`);
  }
  return file;
}

function fromEnv(flag: string, name: string, env: NodeJS.ProcessEnv): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new UsageError(`${flag} takes the NAME of an environment variable (e.g. ${flag} MSK_PASSWORD), not "${name}"`);
  const value = env[name];
  if (value === undefined || value === '') throw new UsageError(`${flag} ${name}: the environment variable ${name} is not set (export it, then run again)`);
  return value;
}

/** "host:port" or "[v6]:port"; port optional when a default is given. */
function hostPort(flag: string, text: string, defaultPort?: number, shown = text): { host: string; port: number } {
  const m = /^(\[[0-9a-fA-F:]+\]|[^:\s[\]@]+)(?::(\d{1,5}))?$/.exec(text.trim());
  const port = m?.[2] !== undefined ? Number(m[2]) : defaultPort;
  if (!m || port === undefined || port < 1 || port > 65535) {
    throw new UsageError(`${flag} "${shown}": write it as ${flag === '--ssh' ? 'user@host[:port], e.g. ec2-user@bastion.example.com:22' : 'host:port, e.g. 127.0.0.1:1080'}`);
  }
  return { host: m[1].replace(/^\[|\]$/g, ''), port };
}

function sshTunnel(o: ConnectionFlags, env: NodeJS.ProcessEnv): TunnelSpec {
  const text = o.ssh!;
  const at = text.lastIndexOf('@');
  const username = at >= 0 ? text.slice(0, at) : (env.USER || userInfo().username);
  if (username === '') throw new UsageError(`--ssh "${text}": the user name before @ is empty; write user@host[:port]`);
  const { host, port } = hostPort('--ssh', text.slice(at + 1), 22, text);
  const agent = env.SSH_AUTH_SOCK || undefined;
  let privateKeyPath = o.sshKey !== undefined ? readable('--ssh-key', o.sshKey) : undefined;
  if (!privateKeyPath && !agent) {
    privateKeyPath = ['id_ed25519', 'id_ecdsa', 'id_rsa'].map((f) => join(homedir(), '.ssh', f)).find((f) => existsSync(f));
    if (!privateKeyPath) throw new UsageError('--ssh needs a key: give --ssh-key FILE, or run an ssh-agent (SSH_AUTH_SOCK) holding one');
  }
  if (o.sshAcceptFingerprint !== undefined && !/^SHA256:[A-Za-z0-9+/]{43}=?$/.test(o.sshAcceptFingerprint)) {
    throw new UsageError(`--ssh-accept-fingerprint "${o.sshAcceptFingerprint}": give the key's SHA256 fingerprint as ssh-keygen -lf prints it, e.g. SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8`);
  }
  return {
    kind: 'ssh',
    host,
    port,
    username,
    ...(privateKeyPath ? { privateKeyPath } : {}),
    ...(o.sshKeyPassphraseEnv !== undefined ? { passphrase: fromEnv('--ssh-key-passphrase-env', o.sshKeyPassphraseEnv, env) } : {}),
    ...(agent ? { agent } : {}),
    ...(o.sshKnownHosts !== undefined ? { knownHostsFile: readable('--ssh-known-hosts', o.sshKnownHosts) } : {}),
    ...(o.sshAcceptFingerprint !== undefined ? { hostKeyFingerprint: o.sshAcceptFingerprint } : {}),
  };
}

/** The region of a Secrets Manager ARN (arn:aws:secretsmanager:REGION:…), if it is one. */
function arnRegion(id: string): string | undefined {
  const parts = id.split(':');
  return parts[0] === 'arn' && parts.length >= 7 && parts[3] ? parts[3] : undefined;
}

/**
 * The ConnectionSpec the flags describe. Throws UsageError, saying what to give, for missing or
 * conflicting flags, unreadable files and unset environment variables. AWS credentials are resolved
 * lazily (nothing is called until the connection opens).
 */
export async function connectionSpecFromOptions(opts: ConnectionFlags, env: NodeJS.ProcessEnv = process.env): Promise<ConnectionSpec> {
  const o = opts;
  if (!o.bootstrap) throw new UsageError('--bootstrap is required: give "host:port", several separated by commas (e.g. the sandbox\'s 127.0.0.1:19092, or an MSK cluster\'s string from "msk-tools clusters")');
  try {
    parseBootstrap(o.bootstrap);
  } catch (err) {
    throw new UsageError(`--bootstrap: ${(err as Error).message}`);
  }
  const scram = o.scramSecret !== undefined || o.scramUser !== undefined || o.scramPasswordEnv !== undefined;
  const mtls = o.cert !== undefined || o.key !== undefined || o.keyPassphraseEnv !== undefined;
  const chosen = [o.iam && '--iam', scram && '--scram-…', mtls && '--cert/--key'].filter(Boolean);
  if (chosen.length > 1) throw new UsageError(`${chosen.join(' and ')} cannot be combined: an MSK listener authenticates clients one way; choose one (IAM 9098, SCRAM 9096, mTLS 9094)`);
  if (o.ssh !== undefined && o.socks5 !== undefined) throw new UsageError('--ssh and --socks5 cannot be combined: choose the bastion (--ssh) or the proxy (--socks5)');
  for (const [flag, set] of [['--ssh-key', o.sshKey], ['--ssh-key-passphrase-env', o.sshKeyPassphraseEnv], ['--ssh-known-hosts', o.sshKnownHosts], ['--ssh-accept-fingerprint', o.sshAcceptFingerprint]] as const) {
    if (set !== undefined && o.ssh === undefined) throw new UsageError(`${flag} is for an SSH tunnel: add --ssh user@bastion[:port]`);
  }
  // peek's --glue / --glue-endpoint (src/cli/schemas.ts) use the AWS credentials too
  const glue = (o as { glue?: boolean; glueEndpoint?: string }).glue === true || (o as { glueEndpoint?: string }).glueEndpoint !== undefined;
  if ((o.profile !== undefined || o.region !== undefined) && !o.iam && o.scramSecret === undefined && !glue) {
    throw new UsageError(`${o.profile !== undefined ? '--profile' : '--region'} is for AWS credentials: use it with --iam, --scram-secret or --glue`);
  }

  const tls: TlsOptions = {
    ...(o.ca !== undefined ? { caFile: readable('--ca', o.ca) } : {}),
    ...(o.tlsServerName !== undefined ? { servername: o.tlsServerName } : {}),
  };

  if (o.scramSecret !== undefined && (o.scramUser !== undefined || o.scramPasswordEnv !== undefined)) {
    throw new UsageError('--scram-secret and --scram-user/--scram-password-env cannot be combined: the secret holds the user and password');
  }

  let auth: ConnectionAuth;
  if (o.iam || o.scramSecret !== undefined) {
    const { resolveCredentials, connectionRegions } = await import('../aws/index');
    const creds = await resolveCredentials({ profile: o.profile });
    const region = o.region ?? (o.scramSecret !== undefined ? arnRegion(o.scramSecret) : undefined) ?? bootstrapRegion(o.bootstrap) ?? connectionRegions(undefined, creds.profile, env)[0];
    if (!region) {
      throw new UsageError(`${o.iam ? '--iam' : '--scram-secret'} needs the AWS region: give --region R (it could not be read from the broker names, ${o.profile ? `profile "${o.profile}"` : 'the profile'} or AWS_REGION)`);
    }
    if (o.iam) {
      auth = { mode: 'sasl_iam', region, credentials: creds.provider, ...tls };
    } else {
      const { scramSecretSource } = await import('../aws/index');
      // The SDK itself honours AWS_ENDPOINT_URL_SECRETS_MANAGER / AWS_ENDPOINT_URL (an emulator, e.g. the sandbox's secretsEndpoint).
      auth = { mode: 'sasl_scram', secret: scramSecretSource(o.scramSecret!, { region, credentials: creds.provider }), ...tls };
    }
  } else if (scram) {
    if (o.scramUser === undefined) throw new UsageError('--scram-password-env needs --scram-user NAME');
    if (o.scramPasswordEnv === undefined) {
      throw new UsageError('--scram-user needs the password in an environment variable: --scram-password-env VAR (a password is never a flag, which other users can see in ps)');
    }
    auth = { mode: 'sasl_scram', username: o.scramUser, password: fromEnv('--scram-password-env', o.scramPasswordEnv, env), ...tls };
  } else if (mtls) {
    if (o.cert === undefined || o.key === undefined) throw new UsageError('mTLS needs both --cert FILE and --key FILE (PEM)');
    auth = {
      mode: 'mtls',
      certFile: readable('--cert', o.cert),
      keyFile: readable('--key', o.key),
      ...(o.keyPassphraseEnv !== undefined ? { passphrase: fromEnv('--key-passphrase-env', o.keyPassphraseEnv, env) } : {}),
      ...tls,
    };
  } else if (o.tls || o.ca !== undefined || o.tlsServerName !== undefined) {
    auth = { mode: 'tls', ...tls };
  } else {
    auth = { mode: 'plaintext' };
  }

  let tunnel: TunnelSpec | undefined;
  if (o.ssh !== undefined) tunnel = sshTunnel(o, env);
  else if (o.socks5 !== undefined) tunnel = { kind: 'socks5', ...hostPort('--socks5', o.socks5) };

  return { name: 'msk-tools', bootstrap: o.bootstrap, auth, ...(tunnel ? { tunnel } : {}) };
}
