// A real OpenSSH bastion on loopback (shared/testing/real-peers.md §5): sshd in the foreground (so we
// own its pid) with generated host and user keys, and `ssh -D` as a real SOCKS5 proxy through it.
// In CI (CI=true) a missing sshd fails the suite; elsewhere the caller skips with a loud warning.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

const SSHD = '/usr/sbin/sshd';
export const ENCRYPTED_KEY_PASSPHRASE = 'correct horse battery staple';

export function requireOpenSsh(ctx: Mocha.Context): void {
  const missing = [SSHD, '/usr/bin/ssh', '/usr/bin/ssh-keygen'].filter((p) => !existsSync(p));
  if (!missing.length) return;
  const msg = `OpenSSH not found (${missing.join(', ')}): install it with \`apt-get install -y openssh-server openssh-client\` (see shared/testing/real-peers.md §5)`;
  if (process.env.CI === 'true' || process.env.CI === '1') throw new Error(msg);
  console.warn(`\n\n  !!! SKIPPING: ${msg}\n\n`);
  ctx.skip();
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, what: string, logFile: string, timeoutMs = 10000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${what} exited (${child.exitCode ?? child.signalCode}): ${existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''}`);
    }
    const ok = await new Promise<boolean>((r) => {
      const s = connect(port, '127.0.0.1', () => {
        s.destroy();
        r(true);
      });
      s.on('error', () => r(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${what} did not listen on ${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function keygen(file: string, passphrase = ''): void {
  const r = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', passphrase, '-f', file], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ssh-keygen failed: ${r.stderr}`);
}

/** Stops a child we spawned, by its pid: SIGTERM, then SIGKILL after 2 s. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), 2000);
  await exited;
  clearTimeout(t);
}

/** How many processes have ppid `pid` (from /proc), e.g. sshd's per-connection children. */
export function childrenOf(pid: number): number {
  let n = 0;
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      // the ppid is the 2nd field after the parenthesised command name
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) n++;
    } catch {
      // the process ended meanwhile
    }
  }
  return n;
}

export interface Bastion {
  port: number;
  user: string;
  dir: string;
  userKey: string;
  /** A key that is not in authorized_keys. */
  otherKey: string;
  /** An authorized key encrypted with ENCRYPTED_KEY_PASSPHRASE. */
  encryptedKey: string;
  /** known_hosts holding the bastion's real host key. */
  knownHosts: string;
  /** SHA256:… of the host key, computed by ssh-keygen -l. */
  hostFingerprint: string;
  logFile: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * An sshd_config for a test bastion: key authentication only (keys in dir/authorized_keys), TCP
 * forwarding on, no PAM, and DEBUG1 logging (it logs each direct-tcpip target, which tests check).
 */
export function sshdConfig(o: { port: number; listen: string; hostKey: string; dir: string; extra?: string[] }): string {
  return [
    `Port ${o.port}`,
    `ListenAddress ${o.listen}`,
    `HostKey ${o.hostKey}`,
    `AuthorizedKeysFile ${join(o.dir, 'authorized_keys')}`,
    ...(o.extra ?? []),
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'AllowTcpForwarding yes',
    `PidFile ${join(o.dir, 'sshd.pid')}`,
    'StrictModes no',
    'UsePAM no',
    'LogLevel DEBUG1',
    '',
  ].join('\n');
}

export async function startBastion(): Promise<Bastion> {
  const dir = mkdtempSync(join(tmpdir(), 'bastion-'));
  const hostKey = join(dir, 'host_key');
  const userKey = join(dir, 'user_key');
  const otherKey = join(dir, 'other_key');
  keygen(hostKey);
  keygen(userKey);
  keygen(otherKey);
  const encryptedKey = join(dir, 'encrypted_key');
  keygen(encryptedKey, ENCRYPTED_KEY_PASSPHRASE);
  writeFileSync(join(dir, 'authorized_keys'), Buffer.concat([readFileSync(`${userKey}.pub`), readFileSync(`${encryptedKey}.pub`)]));
  mkdirSync('/run/sshd', { recursive: true }); // sshd's privilege-separation directory
  const port = await freePort();
  const logFile = join(dir, 'sshd.log');
  writeFileSync(join(dir, 'sshd_config'), sshdConfig({ port, listen: '127.0.0.1', hostKey, dir }));
  const hostPub = readFileSync(`${hostKey}.pub`, 'utf8').trim().split(/\s+/).slice(0, 2).join(' ');
  const knownHosts = join(dir, 'known_hosts');
  writeFileSync(knownHosts, `[127.0.0.1]:${port} ${hostPub}\n`);
  const fp = spawnSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', `${hostKey}.pub`], { encoding: 'utf8' }).stdout.split(/\s+/)[1] ?? '';
  const child = spawn(SSHD, ['-D', '-f', join(dir, 'sshd_config'), '-E', logFile], { stdio: 'ignore' });
  const stop = async () => {
    // Let the per-connection sshd processes end first (their clients are closed by now): killed
    // under them, the listener would leave them to an init that may never reap them.
    const deadline = Date.now() + 3000;
    while (child.pid && childrenOf(child.pid) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await stopChild(child);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForPort(port, child, 'sshd', logFile);
  } catch (e) {
    await stop();
    throw e;
  }
  return { port, user: userInfo().username, dir, userKey, otherKey, encryptedKey, knownHosts, hostFingerprint: fp, logFile, child, stop };
}

export interface SocksProxy {
  port: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** `ssh -N -D`: a real SOCKS5 proxy whose far side is the bastion. */
export async function startSshSocks(b: Bastion): Promise<SocksProxy> {
  const port = await freePort();
  const logFile = join(b.dir, `ssh-D-${port}.log`);
  const child = spawn(
    'ssh',
    ['-N', '-D', `127.0.0.1:${port}`, '-p', String(b.port), '-i', b.userKey, '-o', `UserKnownHostsFile=${b.knownHosts}`, '-o', 'StrictHostKeyChecking=yes', '-o', 'BatchMode=yes', '-o', 'ExitOnForwardFailure=yes', '-E', logFile, `${b.user}@127.0.0.1`],
    { stdio: 'ignore' },
  );
  try {
    await waitForPort(port, child, 'ssh -D', logFile);
  } catch (e) {
    await stopChild(child);
    throw e;
  }
  return { port, child, stop: () => stopChild(child) };
}

/** Debian's microsocks: a real SOCKS5 server with RFC 1929 username/password authentication. */
export function requireMicrosocks(ctx: Mocha.Context): void {
  if (existsSync('/usr/bin/microsocks')) return;
  const msg = 'microsocks not found: install it with `apt-get install -y microsocks`';
  if (process.env.CI === 'true' || process.env.CI === '1') throw new Error(msg);
  console.warn(`\n\n  !!! SKIPPING: ${msg}\n\n`);
  ctx.skip();
}

export async function startMicrosocks(username: string, password: string): Promise<SocksProxy> {
  const port = await freePort();
  const child = spawn('/usr/bin/microsocks', ['-i', '127.0.0.1', '-p', String(port), '-u', username, '-P', password], { stdio: 'ignore' });
  try {
    await waitForPort(port, child, 'microsocks', '/dev/null');
  } catch (e) {
    await stopChild(child);
    throw e;
  }
  return { port, child, stop: () => stopChild(child) };
}
