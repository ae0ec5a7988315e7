// MSK facts the lint rules rely on (see /docs: msk-facts). Kept here so core/lint depends on nothing else.

/** Broker and topic default `message.max.bytes` / `max.message.bytes`. */
export const DEFAULT_MAX_MESSAGE_BYTES = 1048588;
/** MSK Serverless: a topic's `max.message.bytes` is at most 8 MiB. */
export const SERVERLESS_MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

export type AuthMode = 'plaintext' | 'tls' | 'scram' | 'iam';

/** Listener ports by auth mode: inside the VPC first, then public access. */
export const PORTS: Record<AuthMode, readonly number[]> = {
  plaintext: [9092],
  tls: [9094, 9194],
  scram: [9096, 9196],
  iam: [9098, 9198],
};
export const SERVERLESS_PORTS: readonly number[] = [9098];

/** The auth mode MSK serves on a listener port (in the VPC or with public access), if it is one of MSK's. */
export function listenerMode(port: number): AuthMode | undefined {
  for (const mode of Object.keys(PORTS) as AuthMode[]) if (PORTS[mode].includes(port)) return mode;
  return undefined;
}

export const AUTH_LABEL: Record<AuthMode, string> = {
  plaintext: 'plaintext',
  tls: 'TLS',
  scram: 'SASL/SCRAM',
  iam: 'IAM',
};


export interface MskHost {
  host: string;
  region: string;
  serverless: boolean;
}

const hostCache = new Map<string, MskHost | null>();
const LABEL = /^[a-z0-9-]+$/i;

/** `*.kafka.<region>.amazonaws.com` (provisioned) or `*.kafka-serverless.<region>.amazonaws.com`, also `.com.cn`. */
export function mskHost(host: string): MskHost | undefined {
  const cached = hostCache.get(host);
  if (cached !== undefined) return cached ?? undefined;
  let result: MskHost | null = null;
  const labels = host.toLowerCase().split('.');
  let n = labels.length;
  if (labels[n - 1] === 'cn') n--;
  if (n >= 5 && labels[n - 1] === 'com' && labels[n - 2] === 'amazonaws' && (labels[n - 4] === 'kafka' || labels[n - 4] === 'kafka-serverless')) {
    const region = labels[n - 3];
    if (LABEL.test(region) && labels.slice(0, n - 4).every((l) => LABEL.test(l))) {
      result = { host, region, serverless: labels[n - 4] === 'kafka-serverless' };
    }
  }
  if (hostCache.size > 10_000) hostCache.clear();
  hostCache.set(host, result);
  return result ?? undefined;
}

export interface BrokerAddress {
  host: string;
  port: number | undefined;
  /** Offsets inside the string the address came from. */
  start: number;
  end: number;
  portStart: number;
}

/** Splits a bootstrap list (`h1:9098,h2:9098`, with an optional `proto://` prefix per entry). */
export function splitBrokers(list: string): BrokerAddress[] {
  const out: BrokerAddress[] = [];
  const re = /[^,\s]+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(list))) {
    let item = m[0];
    let start = m.index;
    const proto = /^[A-Za-z_]+:\/\//.exec(item);
    if (proto) {
      item = item.slice(proto[0].length);
      start += proto[0].length;
    }
    const colon = item.lastIndexOf(':');
    if (colon <= 0 || item.includes(']')) {
      out.push({ host: item, port: undefined, start, end: start + item.length, portStart: start + item.length });
      continue;
    }
    const portText = item.slice(colon + 1);
    const port = /^\d{1,5}$/.test(portText) ? Number(portText) : undefined;
    out.push({ host: item.slice(0, colon), port, start, end: start + item.length, portStart: start + colon + 1 });
  }
  return out;
}

/** The MSK IAM auth library's class names (aws-msk-iam-auth). */
export const IAM_LOGIN_MODULE = 'software.amazon.msk.auth.iam.IAMLoginModule';
export const IAM_CALLBACK_HANDLER = 'software.amazon.msk.auth.iam.IAMClientCallbackHandler';
export const IAM_OAUTH_CALLBACK_HANDLER = 'software.amazon.msk.auth.iam.IAMOAuthBearerLoginCallbackHandler';
