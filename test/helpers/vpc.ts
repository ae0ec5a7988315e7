// A simulated VPC (issue 8): two network namespaces of our own joined by one veth pair.
//   "vpc"    : the sandbox's brokers on the namespace's loopback, advertising MSK-style host names
//              (b-N.<cluster>.<id>.c2.kafka.<region>.amazonaws.com) that resolve only there, through
//              /etc/netns/<vpc>/hosts, and Debian's sshd (a host key made here) on the veth address.
//   "laptop" : the other end of the veth; it reaches the bastion's address and nothing else. Its
//              resolver points at its own loopback (nothing answers), so no lookup leaves the machine.
// Traffic goes only to loopbacks and the two addresses of that pair, which exist only inside the two
// namespaces. Everything is removed by stop(), after a failure too, and namespaces left behind by a
// crashed run (their creator's pid gone) are removed first. Needs root and iproute2 (`ip netns`): in
// CI (CI=true) their absence fails the suite; elsewhere the caller skips with a loud warning.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { childrenOf, sshdConfig, stopChild } from './sshd';
import { CLI } from './cli-process';

const PREFIX = 'msktest-';
const NETNS_ETC = '/etc/netns';
const SSHD = '/usr/sbin/sshd';

function which(cmd: string): string | undefined {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** Fails in CI, skips loudly elsewhere, when `ip netns`, root or OpenSSH is missing. */
export function requireNetns(ctx: Mocha.Context): void {
  const missing: string[] = [];
  if (!which('ip')) missing.push('`ip` (install iproute2: apt-get install -y iproute2)');
  if (process.getuid?.() !== 0) missing.push('root (network namespaces need CAP_SYS_ADMIN; CI runs as root)');
  for (const p of [SSHD, '/usr/bin/ssh', '/usr/bin/ssh-keygen']) if (!existsSync(p)) missing.push(`${p} (apt-get install -y openssh-server openssh-client)`);
  if (!missing.length) return;
  const msg = `the simulated VPC test needs ${missing.join(', ')}`;
  if (process.env.CI === 'true' || process.env.CI === '1') throw new Error(msg);
  console.warn(`\n\n  !!! SKIPPING: ${msg}\n\n`);
  ctx.skip();
}

function ip(...args: string[]): string {
  return execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes a namespace of ours: the processes inside it (ours, by pid), the namespace, its /etc/netns files. */
function removeNamespace(name: string): void {
  if (!name.startsWith(PREFIX)) throw new Error(`not a test namespace: ${name}`);
  try {
    for (const pid of ip('netns', 'pids', name).split(/\s+/).filter(Boolean).map(Number)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  } catch {
    // no such namespace
  }
  spawnSync('ip', ['netns', 'del', name], { stdio: 'ignore' });
  rmSync(join(NETNS_ETC, name), { recursive: true, force: true });
}

function ourNamespaces(): string[] {
  const listed = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout ?? '';
  const names = listed.split('\n').map((l) => l.split(/\s+/)[0]).filter((n) => n?.startsWith(PREFIX));
  const files = existsSync(NETNS_ETC) ? readdirSync(NETNS_ETC).filter((n) => n.startsWith(PREFIX)) : [];
  return [...new Set([...names, ...files])];
}

/** Namespaces (and /etc/netns folders) of earlier runs whose process is gone: a crashed run's leftovers. */
export function removeStaleNamespaces(): string[] {
  const removed: string[] = [];
  for (const name of ourNamespaces()) {
    const pid = Number(/-(\d+)-/.exec(name)?.[1]);
    if (Number.isInteger(pid) && pid !== process.pid && alive(pid)) continue; // another run, still going
    if (pid === process.pid) continue;
    removeNamespace(name);
    removed.push(name);
  }
  return removed;
}

export const VPC_REGION = 'us-east-1';
export const VPC_CLUSTER = 'msk-vpc.x7k2q9';
/** Broker N's advertised name. */
export const brokerName = (id: number) => `b-${id}.${VPC_CLUSTER}.c2.kafka.${VPC_REGION}.amazonaws.com`;

export interface SandboxInfoLine {
  bootstrap: string;
  listeners: Record<'plaintext' | 'tls' | 'sasl_scram' | 'sasl_iam' | 'sasl_plain', string>;
  caFile: string;
  iamCredentials: { user: { accessKeyId: string; secretAccessKey: string } };
}

export interface Vpc {
  /** The namespaces: run laptop commands with `ip netns exec <laptop>`. */
  vpcNs: string;
  laptopNs: string;
  /** The laptop's and the bastion's veth addresses. */
  laptopIp: string;
  bastionIp: string;
  sandbox: SandboxInfoLine;
  /** The bastion: root@bastionIp:22 with userKey; knownHosts holds its host key (as the laptop would). */
  sshUser: string;
  userKey: string;
  knownHosts: string;
  hostFingerprint: string;
  sshdLog: string;
  dir: string;
  /** ["ip", "netns", "exec", laptopNs]: prefix for a command run on the laptop. */
  onLaptop: string[];
  /** `ssh -N -D 127.0.0.1:port` on the laptop, through the bastion: a real SOCKS5 proxy. */
  startSshSocks(port: number): Promise<ChildProcess>;
  stop(): Promise<void>;
}

async function waitFor(what: string, check: () => boolean, child: ChildProcess | undefined, log: () => string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (child && (child.exitCode !== null || child.signalCode !== null)) throw new Error(`${what} exited (${child.exitCode ?? child.signalCode}): ${log()}`);
    if (Date.now() > deadline) throw new Error(`${what} was not ready within ${timeoutMs} ms: ${log()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const readOr = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8') : '');

export async function startVpc(opts: { brokers?: number; seed?: 'demo' | 'none' } = {}): Promise<Vpc> {
  removeStaleNamespaces();
  const brokers = opts.brokers ?? 3;
  const tag = `${process.pid}-${Date.now().toString(36).slice(-4)}`;
  const vpcNs = `${PREFIX}vpc-${tag}`;
  const laptopNs = `${PREFIX}lap-${tag}`;
  const octet = process.pid % 250;
  const laptopIp = `10.213.${octet}.1`;
  const bastionIp = `10.213.${octet}.2`;
  const dir = mkdtempSync(join(tmpdir(), 'msk-vpc-'));
  const children: ChildProcess[] = [];
  let sshd: ChildProcess | undefined;
  let stopped = false;
  // Even if mocha dies without running after(), leave nothing behind.
  const onExit = () => {
    for (const c of children) c.kill('SIGKILL');
    removeNamespace(vpcNs);
    removeNamespace(laptopNs);
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', onExit);

  const stop = async () => {
    if (stopped) return;
    stopped = true;
    // sshd's per-connection processes end once their clients are gone; then the listener
    const deadline = Date.now() + 3000;
    while (sshd?.pid && childrenOf(sshd.pid) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    for (const c of [...children].reverse()) await stopChild(c);
    removeNamespace(vpcNs);
    removeNamespace(laptopNs);
    rmSync(dir, { recursive: true, force: true });
    process.removeListener('exit', onExit);
  };

  try {
    // /etc/netns/<ns>/{hosts,resolv.conf} are bind-mounted over /etc by `ip netns exec`.
    const names = Array.from({ length: brokers }, (_, i) => brokerName(i + 1));
    mkdirSync(join(NETNS_ETC, vpcNs), { recursive: true });
    mkdirSync(join(NETNS_ETC, laptopNs), { recursive: true });
    writeFileSync(join(NETNS_ETC, vpcNs, 'hosts'), `127.0.0.1 localhost\n${names.map((n) => `127.0.0.1 ${n}`).join('\n')}\n`);
    writeFileSync(join(NETNS_ETC, laptopNs, 'hosts'), '127.0.0.1 localhost\n');
    for (const ns of [vpcNs, laptopNs]) writeFileSync(join(NETNS_ETC, ns, 'resolv.conf'), 'nameserver 127.0.0.1\n');

    ip('netns', 'add', vpcNs);
    ip('netns', 'add', laptopNs);
    ip('link', 'add', 'lap0', 'netns', laptopNs, 'type', 'veth', 'peer', 'name', 'vpc0', 'netns', vpcNs);
    ip('-n', vpcNs, 'addr', 'add', `${bastionIp}/30`, 'dev', 'vpc0');
    ip('-n', laptopNs, 'addr', 'add', `${laptopIp}/30`, 'dev', 'lap0');
    for (const [ns, dev] of [[vpcNs, 'vpc0'], [laptopNs, 'lap0']]) {
      ip('-n', ns, 'link', 'set', 'lo', 'up');
      ip('-n', ns, 'link', 'set', dev, 'up');
    }

    // The sandbox, inside the VPC, advertising MSK names.
    const sbErr: string[] = [];
    const sb = spawn('ip', ['netns', 'exec', vpcNs, process.execPath, CLI, 'sandbox', '--brokers', String(brokers), '--port', '0', '--api-port', '0', '--secrets-port', '0', '--no-discovery', '--seed', opts.seed ?? 'demo', '--advertised-host', brokerName(0).replace(/^b-0\./, 'b-{id}.')], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(sb);
    sb.stderr.on('data', (d) => sbErr.push(String(d)));
    let out = '';
    sb.stdout.on('data', (d) => (out += d));
    await waitFor('the sandbox in the VPC namespace', () => out.includes('\n'), sb, () => sbErr.join(''), 30_000);
    const sandbox = JSON.parse(out.split('\n')[0]) as SandboxInfoLine;

    // The bastion: sshd on the veth address, with a host key and a user key made here.
    const keygen = (file: string) => execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', file]);
    const hostKey = join(dir, 'host_key');
    const userKey = join(dir, 'user_key');
    keygen(hostKey);
    keygen(userKey);
    writeFileSync(join(dir, 'authorized_keys'), readFileSync(`${userKey}.pub`));
    mkdirSync('/run/sshd', { recursive: true });
    const sshdLog = join(dir, 'sshd.log');
    writeFileSync(join(dir, 'sshd_config'), sshdConfig({ port: 22, listen: bastionIp, hostKey, dir, extra: ['PermitRootLogin prohibit-password'] }));
    const hostPub = readFileSync(`${hostKey}.pub`, 'utf8').trim().split(/\s+/).slice(0, 2).join(' ');
    const knownHosts = join(dir, 'known_hosts');
    writeFileSync(knownHosts, `${bastionIp} ${hostPub}\n`);
    const hostFingerprint = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', `${hostKey}.pub`], { encoding: 'utf8' }).split(/\s+/)[1] ?? '';
    sshd = spawn('ip', ['netns', 'exec', vpcNs, SSHD, '-D', '-f', join(dir, 'sshd_config'), '-E', sshdLog], { stdio: 'ignore' });
    children.push(sshd);
    await waitFor('sshd in the VPC namespace', () => /Server listening on \S+ port 22/.test(readOr(sshdLog)), sshd, () => readOr(sshdLog));

    const onLaptop = ['ip', 'netns', 'exec', laptopNs];
    const startSshSocks = async (port: number) => {
      const log = join(dir, `ssh-D-${port}.log`);
      const child = spawn('ip', [...onLaptop.slice(1), 'ssh', '-v', '-N', '-D', `127.0.0.1:${port}`, '-i', userKey, '-o', `UserKnownHostsFile=${knownHosts}`, '-o', 'StrictHostKeyChecking=yes', '-o', 'BatchMode=yes', '-o', 'ExitOnForwardFailure=yes', '-E', log, `root@${bastionIp}`], { stdio: 'ignore' });
      children.push(child);
      await waitFor('ssh -D on the laptop', () => new RegExp(`listening on 127\\.0\\.0\\.1 port ${port}`).test(readOr(log)), child, () => readOr(log));
      return child;
    };
    return { vpcNs, laptopNs, laptopIp, bastionIp, sandbox, sshUser: 'root', userKey, knownHosts, hostFingerprint, sshdLog, dir, onLaptop, startSshSocks, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** Whether a namespace of that name exists (for the cleanup test). */
export function namespaceExists(name: string): boolean {
  return (spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout ?? '').split('\n').some((l) => l.split(/\s+/)[0] === name);
}

/** Makes a namespace and /etc/netns folder as a crashed run would leave them (a pid that is gone). */
export function fakeStaleNamespace(): string {
  let pid = 999_999;
  while (alive(pid)) pid--;
  const name = `${PREFIX}vpc-${pid}-dead`;
  ip('netns', 'add', name);
  mkdirSync(join(NETNS_ETC, name), { recursive: true });
  writeFileSync(join(NETNS_ETC, name, 'hosts'), '127.0.0.1 localhost\n');
  return name;
}
