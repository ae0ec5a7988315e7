// SSH tunnel through a bastion: one ssh2 connection shared by every broker socket, each socket a
// direct-tcpip channel (`ssh -W`-style) to the host:port kafkajs asks for. The bastion resolves that
// name, so the addresses an MSK cluster advertises inside its VPC work unchanged.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { Client, type ConnectConfig } from 'ssh2';
import { fingerprint, hostKeyAlgorithms, knownHostsName, knownKeys } from './known-hosts';

export interface SshTunnelSpec {
  kind: 'ssh';
  /** The bastion. */
  host: string;
  /** Default 22. */
  port?: number;
  username: string;
  /** Private key file (OpenSSH or PEM format). */
  privateKeyPath?: string;
  /** Passphrase of an encrypted key, as a value (it comes from SecretStorage, never from settings). */
  passphrase?: string;
  /** ssh-agent socket path (usually process.env.SSH_AUTH_SOCK), tried after the key. */
  agent?: string;
  /** Default ~/.ssh/known_hosts. */
  knownHostsFile?: string;
  /**
   * A host key the user has accepted (SHA256:… as ssh-keygen -l prints it) when it is not in
   * known_hosts. There is deliberately no "trust any key" switch: an unknown key is refused.
   */
  hostKeyFingerprint?: string;
  /** SSH handshake and authentication time limit (default 10000 ms). */
  readyTimeoutMs?: number;
  /** The SSH connection closes this long after its last channel closes (default 1000 ms). */
  idleCloseMs?: number;
}

/** The bastion's host key was refused: unknown (the user may accept `fingerprint`), changed, or revoked. */
export class SshHostKeyError extends Error {
  override name = 'SshHostKeyError';
  constructor(message: string, readonly fingerprint: string, readonly status: 'unknown' | 'changed' | 'revoked') {
    super(message);
  }
}

export class SshTunnel {
  private client: Promise<Client> | null = null;
  private live: Client | null = null;
  private channels = 0;
  private idleTimer: NodeJS.Timeout | null = null;

  constructor(private readonly spec: SshTunnelSpec) {}

  private get where(): string {
    return `${this.spec.username}@${this.spec.host}:${this.spec.port ?? 22}`;
  }

  /** Connects and authenticates to the bastion, then closes: checks the host key and the key or agent before use. */
  async verify(): Promise<void> {
    await this.connect();
    await this.close();
  }

  /** Opens a channel to host:port through the bastion (connecting to it first if needed). */
  async open(host: string, port: number): Promise<Duplex> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    this.channels++;
    let counted = true;
    const release = () => {
      if (!counted) return;
      counted = false;
      this.channels--;
      if (this.channels === 0) this.scheduleIdleClose();
    };
    try {
      const client = await this.connect();
      const channel = await new Promise<Duplex>((resolve, reject) => {
        client.forwardOut('127.0.0.1', 0, host, port, (err, ch) => {
          if (err) {
            reject(new Error(`The SSH bastion ${this.where} could not open a connection to ${host}:${port} (${err.message}): check that it allows TCP forwarding (AllowTcpForwarding) and can reach that broker.`));
          } else resolve(ch);
        });
      });
      channel.once('close', release);
      return channel;
    } catch (e) {
      release();
      throw e;
    }
  }

  private scheduleIdleClose(): void {
    this.idleTimer = setTimeout(() => void this.close(), this.spec.idleCloseMs ?? 1000);
    this.idleTimer.unref();
  }

  /** Ends the SSH connection (channels still open are closed with it). */
  async close(): Promise<void> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    const client = this.live;
    this.client = null;
    this.live = null;
    if (!client) return;
    await new Promise<void>((resolve) => {
      client.once('close', () => resolve());
      client.end();
    });
  }

  private connect(): Promise<Client> {
    this.client ??= this.handshake().catch((e: unknown) => {
      this.client = null; // a later socket tries again
      throw e;
    });
    return this.client;
  }

  private handshake(): Promise<Client> {
    const spec = this.spec;
    const port = spec.port ?? 22;
    const knownFile = spec.knownHostsFile ?? join(homedir(), '.ssh', 'known_hosts');
    let knownText = '';
    try {
      knownText = readFileSync(knownFile, 'utf8');
    } catch {
      // no known_hosts yet: every key is unknown
    }
    const known = knownKeys(knownText, spec.host, port);
    let hostKeyProblem: SshHostKeyError | null = null;
    const config: ConnectConfig = {
      host: spec.host,
      port,
      username: spec.username,
      readyTimeout: spec.readyTimeoutMs ?? 10000,
      keepaliveInterval: 30000,
      agent: spec.agent,
      passphrase: spec.passphrase,
      hostVerifier: (key: Buffer) => {
        const fp = fingerprint(key);
        if (known.some((k) => k.revoked && k.key.equals(key))) {
          hostKeyProblem = new SshHostKeyError(`The SSH host key of ${spec.host}:${port} (${fp}) is marked @revoked in ${knownFile}: do not connect; ask the bastion's administrator.`, fp, 'revoked');
          return false;
        }
        if (known.some((k) => !k.revoked && k.key.equals(key))) return true;
        if (spec.hostKeyFingerprint && spec.hostKeyFingerprint.replace(/=+$/, '') === fp) return true;
        hostKeyProblem = known.length
          ? new SshHostKeyError(`The SSH host key of ${spec.host}:${port} has CHANGED: it is ${fp}, which does not match ${knownFile}. Someone may be intercepting the connection; if the bastion was rebuilt, verify the new key with its administrator and update known_hosts (ssh-keygen -R '${knownHostsName(spec.host, port)}' -f ${knownFile}).`, fp, 'changed')
          : new SshHostKeyError(`The SSH host key of ${spec.host}:${port} is unknown (${fp} is not in ${knownFile}). Verify this fingerprint with the bastion's administrator, then accept it (set it as the tunnel's host key fingerprint) or add the host to known_hosts, e.g. by connecting once with ssh -p ${port} ${spec.username}@${spec.host}.`, fp, 'unknown');
        return false;
      },
    };
    const algs = hostKeyAlgorithms(known);
    if (algs.length) config.algorithms = { serverHostKey: algs as NonNullable<ConnectConfig['algorithms']>['serverHostKey'] };
    if (spec.privateKeyPath) {
      try {
        config.privateKey = readFileSync(spec.privateKeyPath);
      } catch (e) {
        return Promise.reject(new Error(`Cannot read the SSH private key ${spec.privateKeyPath} (${(e as Error).message}): check the path.`));
      }
    }
    if (!config.privateKey && !config.agent) {
      return Promise.reject(new Error(`SSH tunnel to ${this.where}: give a private key file or an ssh-agent socket.`));
    }

    return new Promise<Client>((resolve, reject) => {
      const client = new Client();
      let ready = false;
      client.once('ready', () => {
        ready = true;
        this.live = client;
        resolve(client);
      });
      client.on('error', (err: Error & { level?: string; code?: string }) => {
        if (ready) return; // channels report their own errors; 'close' follows
        reject(hostKeyProblem ?? new Error(this.explain(err)));
      });
      client.once('close', () => {
        if (this.live === client) {
          this.live = null;
          this.client = null;
        }
        if (!ready) reject(hostKeyProblem ?? new Error(`The SSH bastion ${this.where} closed the connection during the handshake: check the host and port.`));
      });
      try {
        client.connect(config);
      } catch (e) {
        // ssh2 parses the key synchronously: an encrypted key without (or with a wrong) passphrase
        reject(new Error(`Cannot use the SSH private key ${spec.privateKeyPath ?? ''} (${(e as Error).message}): if it is encrypted, give its passphrase.`));
      }
    });
  }

  private explain(err: Error & { level?: string; code?: string }): string {
    if (err.level === 'client-authentication') {
      const what = [this.spec.privateKeyPath && `the key ${this.spec.privateKeyPath}`, this.spec.agent && 'the ssh-agent'].filter(Boolean).join(' and ');
      return `The SSH bastion ${this.where} rejected ${what}: check the user name, and that the key's public half is in that user's ~/.ssh/authorized_keys on the bastion.`;
    }
    if (err.level === 'client-timeout') {
      return `The SSH bastion ${this.where} did not complete the handshake within ${this.spec.readyTimeoutMs ?? 10000} ms: check the host and port, and that your network (VPN, security group) lets you reach it.`;
    }
    if (err.code === 'ECONNREFUSED' || err.code === 'ETIMEDOUT' || err.code === 'EHOSTUNREACH' || err.code === 'ENOTFOUND' || err.code === 'ECONNRESET') {
      return `Cannot reach the SSH bastion ${this.where} (${err.code}): check the host and port, that sshd runs there, and that your network (VPN, security group) lets you reach it.`;
    }
    return `SSH tunnel to ${this.where} failed: ${err.message}`;
  }
}
