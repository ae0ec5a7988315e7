// The template helpers of `.msk` recipes: what each takes, what it produces, and a sample value for
// checks made before anything is sent (JSON validity, message size). Faker helpers are resolved
// against a Faker instance the caller loads (faker.ts), so nothing here needs Faker.

/** What a helper produces, which decides whether it may stand bare (unquoted) in JSON. */
export type HelperType = 'string' | 'number' | 'boolean';

export interface HelperSpec {
  name: string;
  /** How it is written, for completion and hover. */
  signature: string;
  description: string;
  /** What one expansion may look like. */
  example: string;
  type: HelperType;
  minArgs: number;
  maxArgs: number;
  /** Checks the arguments; returns what is wrong, or undefined. */
  checkArgs?(args: string[]): string | undefined;
}

export interface HelperContext {
  /** The message's sequence number (1 for the first message of a produce, unless told otherwise). */
  seq: number;
  /** Epoch milliseconds of the produce. */
  now: number;
  /** A uniform random number in [0, 1). */
  random: () => number;
}

export const MAX_STRING_LENGTH = 10 * 1024 * 1024;
const INT = /^-?\d{1,15}$/;
const NUM = /^-?(\d+(\.\d*)?|\.\d+)$/;

function checkIntRange(args: string[]): string | undefined {
  for (const a of args) if (!INT.test(a)) return `expects whole numbers, got '${a}'`;
  if (args.length === 2 && Number(args[0]) > Number(args[1])) return `min ${args[0]} is above max ${args[1]}`;
  return undefined;
}

function checkFloat(args: string[]): string | undefined {
  for (const a of args.slice(0, 2)) if (!NUM.test(a)) return `expects numbers, got '${a}'`;
  if (args.length >= 2 && Number(args[0]) > Number(args[1])) return `min ${args[0]} is above max ${args[1]}`;
  if (args.length === 3 && !/^\d{1,2}$/.test(args[2])) return `decimals must be 0 to 99, got '${args[2]}'`;
  return undefined;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const HEX = '0123456789abcdef';

export const HELPERS: readonly HelperSpec[] = [
  { name: 'uuid', signature: '{{uuid}}', description: 'A random UUID (version 4).', example: '3b241101-e2bb-4255-8caf-4136c566a962', type: 'string', minArgs: 0, maxArgs: 0 },
  { name: 'now', signature: '{{now}}', description: 'The time of the produce, ISO-8601 in UTC.', example: '2026-12-02T10:30:00.000Z', type: 'string', minArgs: 0, maxArgs: 0 },
  { name: 'now.ms', signature: '{{now.ms}}', description: 'The time of the produce, in epoch milliseconds (a number).', example: '1796207400000', type: 'number', minArgs: 0, maxArgs: 0 },
  { name: 'seq', signature: '{{seq}}', description: 'The message\'s number in this produce: 1, 2, 3… (a number).', example: '1', type: 'number', minArgs: 0, maxArgs: 0 },
  {
    name: 'int', signature: '{{int MIN MAX}}', description: 'A random whole number from MIN to MAX, both included (`{{int MAX}}`: from 0; `{{int}}`: 0 to 100).',
    example: '{{int 1 6}} → 4', type: 'number', minArgs: 0, maxArgs: 2, checkArgs: checkIntRange,
  },
  {
    name: 'float', signature: '{{float MIN MAX DECIMALS}}', description: 'A random number from MIN to MAX with DECIMALS digits after the point (default 0 to 1, 2 decimals).',
    example: '{{float 5 50 2}} → 17.38', type: 'number', minArgs: 0, maxArgs: 3, checkArgs: checkFloat,
  },
  {
    name: 'string', signature: '{{string LENGTH}}', description: 'Random letters and digits, LENGTH of them (default 8).',
    example: '{{string 12}} → k3V9qLx0bT2m', type: 'string', minArgs: 0, maxArgs: 1,
    checkArgs: (a) => (a.length && (!/^\d{1,8}$/.test(a[0]) || Number(a[0]) > MAX_STRING_LENGTH) ? `length must be a whole number from 0 to ${MAX_STRING_LENGTH}, got '${a[0]}'` : undefined),
  },
  {
    name: 'hex', signature: '{{hex LENGTH}}', description: 'Random hexadecimal digits, LENGTH of them (default 16).',
    example: '{{hex 8}} → 9f03c2ab', type: 'string', minArgs: 0, maxArgs: 1,
    checkArgs: (a) => (a.length && (!/^\d{1,8}$/.test(a[0]) || Number(a[0]) > MAX_STRING_LENGTH) ? `length must be a whole number from 0 to ${MAX_STRING_LENGTH}, got '${a[0]}'` : undefined),
  },
  { name: 'pick', signature: '{{pick A B C}}', description: 'One of its arguments, at random. Quote an argument with spaces: `{{pick "New York" Paris}}`.', example: '{{pick EUR USD GBP}} → USD', type: 'string', minArgs: 1, maxArgs: 1000 },
  { name: 'bool', signature: '{{bool}}', description: 'true or false, at random (a boolean).', example: 'true', type: 'boolean', minArgs: 0, maxArgs: 0 },
];

const BY_NAME = new Map(HELPERS.map((h) => [h.name, h]));

export const FAKER_PREFIX = 'faker.';

export function helperSpec(name: string): HelperSpec | undefined {
  return BY_NAME.get(name);
}

export function isFakerHelper(name: string): boolean {
  return name.startsWith(FAKER_PREFIX);
}

/** A Faker helper's result type, as far as its name tells (its module). */
export function fakerType(name: string): HelperType {
  if (name.startsWith('faker.number.')) return 'number';
  if (name === 'faker.datatype.boolean') return 'boolean';
  return 'string';
}

function levenshtein(a: string, b: string): number {
  const d = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0];
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const t = d[j];
      d[j] = Math.min(d[j] + 1, d[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = t;
    }
  }
  return d[b.length];
}

/** The closest of `names` to `wanted`, when it is close enough to be a typo. */
export function closest(wanted: string, names: Iterable<string>): string | undefined {
  let best: string | undefined;
  let score = Infinity;
  const w = wanted.toLowerCase();
  for (const n of names) {
    const s = levenshtein(w, n.toLowerCase());
    if (s < score) {
      score = s;
      best = n;
    }
  }
  return best !== undefined && score <= Math.max(1, Math.floor(wanted.length / 3)) ? best : undefined;
}

/** What is wrong with a use of a built-in helper (not Faker), or undefined. */
export function checkHelperUse(name: string, args: string[]): string | undefined {
  if (isFakerHelper(name)) {
    if (!/^faker\.[A-Za-z]\w*\.[A-Za-z]\w*$/.test(name)) return `\`${name}\` is not a Faker helper: write \`faker.MODULE.METHOD\`, e.g. \`faker.person.fullName\``;
    return undefined;
  }
  const spec = BY_NAME.get(name);
  if (!spec) {
    const near = closest(name, [...BY_NAME.keys(), 'faker']);
    return `unknown template helper \`${name}\`${near ? `: did you mean \`${near}\`?` : ''} (helpers: ${HELPERS.map((h) => h.name).join(', ')}, faker.MODULE.METHOD)`;
  }
  if (args.length < spec.minArgs || args.length > spec.maxArgs) {
    const want = spec.maxArgs === 0 ? 'no arguments' : spec.minArgs === spec.maxArgs ? `${spec.minArgs} argument(s)` : spec.maxArgs >= 1000 ? `at least ${spec.minArgs} argument(s)` : `${spec.minArgs} to ${spec.maxArgs} arguments`;
    return `\`${name}\` takes ${want}, got ${args.length}: write ${spec.signature}`;
  }
  const bad = spec.checkArgs?.(args);
  return bad ? `\`${name}\` ${bad}: write ${spec.signature}` : undefined;
}

function randomInt(ctx: HelperContext, min: number, max: number): number {
  return min + Math.floor(ctx.random() * (max - min + 1));
}

function randomChars(ctx: HelperContext, n: number, alphabet: string): string {
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(ctx.random() * alphabet.length)];
  return s;
}

function uuid(ctx: HelperContext): string {
  const h = randomChars(ctx, 32, HEX).split('');
  h[12] = '4';
  h[16] = HEX[8 + Math.floor(ctx.random() * 4)];
  const s = h.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/** Runs a built-in helper whose use passed checkHelperUse. */
export function runHelper(name: string, args: string[], ctx: HelperContext): string {
  switch (name) {
    case 'uuid': return uuid(ctx);
    case 'now': return new Date(ctx.now).toISOString();
    case 'now.ms': return String(ctx.now);
    case 'seq': return String(ctx.seq);
    case 'int': {
      const [min, max] = args.length === 2 ? [Number(args[0]), Number(args[1])] : args.length === 1 ? [0, Number(args[0])] : [0, 100];
      return String(randomInt(ctx, Math.min(min, max), Math.max(min, max)));
    }
    case 'float': {
      const min = args.length >= 2 ? Number(args[0]) : 0;
      const max = args.length >= 2 ? Number(args[1]) : args.length === 1 ? Number(args[0]) : 1;
      const decimals = args.length === 3 ? Number(args[2]) : 2;
      return (min + ctx.random() * (max - min)).toFixed(decimals);
    }
    case 'string': return randomChars(ctx, args.length ? Number(args[0]) : 8, ALNUM);
    case 'hex': return randomChars(ctx, args.length ? Number(args[0]) : 16, HEX);
    case 'pick': return args[Math.floor(ctx.random() * args.length)];
    case 'bool': return ctx.random() < 0.5 ? 'true' : 'false';
    default: throw new Error(`unknown template helper ${name}`);
  }
}

/**
 * A fixed value for checks before sending: the same type as the helper's output, and the longest
 * length it can have where the arguments say (so a size check errs on the large side).
 */
export function sampleOf(name: string, args: string[]): string {
  if (isFakerHelper(name)) {
    const t = fakerType(name);
    return t === 'number' ? '0' : t === 'boolean' ? 'true' : 'sample';
  }
  switch (name) {
    case 'uuid': return '00000000-0000-4000-8000-000000000000';
    case 'now': return '2026-01-01T00:00:00.000Z';
    case 'now.ms': return '1767225600000';
    case 'seq': return '1';
    case 'int': return args.length === 2 ? args[0] : '0';
    case 'float': return (args.length >= 2 ? Number(args[0]) : 0).toFixed(args.length === 3 ? Number(args[2]) : 2);
    case 'string': return 'x'.repeat(args.length ? Number(args[0]) : 8);
    case 'hex': return '0'.repeat(args.length ? Number(args[0]) : 16);
    case 'pick': return args.reduce((a, b) => (b.length > a.length ? b : a), '');
    case 'bool': return 'true';
    default: return '';
  }
}
