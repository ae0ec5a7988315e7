// Filling in a block's templates: one message per count, each with its own seq, random values and
// Faker data. JSON values are sent without the whitespace outside their strings.
import { checkJson, minifyJson } from './json-check';
import { isFakerHelper, runHelper, sampleOf, type HelperContext } from './helpers';
import { unescapeLiteral } from './templates';
import type { OutgoingMessageLike, RecipeBlock, RecipeText, TemplateUse } from './types';

/** A loaded Faker instance (see loadFaker), typed loosely so that this module needs no Faker. */
export type FakerLike = object;

export interface ExpandOptions {
  /** The seq of the first message (default 1); each further message counts up by one. */
  seq?: number;
  /** How many messages (default: the block's count). */
  count?: number;
  /** Epoch milliseconds for `{{now}}` (default: the clock, once per call). */
  now?: number;
  /** Random numbers in [0, 1) (default Math.random): seed it for repeatable output. */
  random?: () => number;
  /** Needed when the block uses a `{{faker.…}}` helper (usesFaker). */
  faker?: FakerLike;
}

/** Thrown by expandBlock for a block that cannot be expanded; `line` is 0-based. */
export class RecipeExpansionError extends Error {
  constructor(message: string, readonly line: number) {
    super(`line ${line + 1}: ${message}`);
    this.name = 'RecipeExpansionError';
  }
}

/** Whether any template of the block needs Faker. */
export function usesFaker(block: RecipeBlock): boolean {
  return block.templates.some((t) => isFakerHelper(t.helper));
}

/** The Faker method a `faker.MODULE.METHOD` helper names, or why there is none. */
export function resolveFaker(faker: FakerLike, helper: string): { fn: (...args: unknown[]) => unknown; self: object } | { problem: string; near?: string[] } {
  const [, mod, method] = helper.split('.');
  const m = mod === undefined ? undefined : (faker as Record<string, unknown>)[mod];
  if (!m || typeof m !== 'object' || mod.startsWith('_')) return { problem: `Faker has no module \`${mod ?? ''}\``, near: fakerModules(faker) };
  const fn = method === undefined || method.startsWith('_') ? undefined : (m as Record<string, unknown>)[method];
  if (typeof fn !== 'function') return { problem: `Faker's \`${mod}\` has no method \`${method ?? ''}\``, near: fakerMethods(m) };
  return { fn: fn as (...args: unknown[]) => unknown, self: m };
}

const NOT_MODULES = new Set(['definitions', 'rawDefinitions']);

/** The modules of a Faker instance: person, internet, commerce… */
export function fakerModules(faker: FakerLike): string[] {
  return Object.keys(faker).filter((k) => !k.startsWith('_') && !NOT_MODULES.has(k) && typeof (faker as Record<string, unknown>)[k] === 'object' && fakerMethods((faker as Record<string, object>)[k]).length > 0).sort();
}

/** The methods of a Faker module. */
export function fakerMethods(mod: object): string[] {
  const out = new Set<string>();
  for (let p: object | null = mod; p && p !== Object.prototype; p = Object.getPrototypeOf(p) as object | null) {
    for (const k of Object.getOwnPropertyNames(p)) {
      if (k === 'constructor' || k.startsWith('_')) continue;
      try {
        if (typeof (mod as Record<string, unknown>)[k] === 'function') out.add(k);
      } catch {
        // a getter that throws is no method
      }
    }
  }
  return [...out].sort();
}

function fakerArg(a: string): unknown {
  if (/^-?\d+(\.\d+)?$/.test(a)) return Number(a);
  if (a === 'true' || a === 'false') return a === 'true';
  return a;
}

function fakerText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object' && v !== null) return JSON.stringify(v);
  return String(v);
}

/** One value of a `faker.MODULE.METHOD` helper (numbers and booleans among `args` passed as such). */
export function runFakerHelper(faker: FakerLike, helper: string, args: readonly string[], line = 0): string {
  const r = resolveFaker(faker, helper);
  if ('problem' in r) throw new RecipeExpansionError(r.problem, line);
  try {
    return fakerText(r.fn.apply(r.self, args.map(fakerArg)));
  } catch (err) {
    throw new RecipeExpansionError(`\`{{${helper}${args.length ? ' ' + args.join(' ') : ''}}}\` failed in Faker: ${err instanceof Error ? err.message : String(err)}`, line);
  }
}

function run(t: TemplateUse, ctx: HelperContext, faker: FakerLike | undefined): string {
  if (!isFakerHelper(t.helper)) return runHelper(t.helper, t.args, ctx);
  if (!faker) throw new RecipeExpansionError(`\`{{${t.helper}}}\` needs Faker: load it first (loadFaker)`, t.range.start.line);
  return runFakerHelper(faker, t.helper, t.args, t.range.start.line);
}

function expandText(rt: RecipeText, ctx: HelperContext, faker: FakerLike | undefined, json: boolean): string {
  if (rt.templates.length === 0) return unescapeLiteral(rt.text);
  let out = '';
  let at = 0;
  for (const t of rt.templates) {
    out += unescapeLiteral(rt.text.slice(at, t.offset));
    const v = run(t, ctx, faker);
    out += json && t.inJsonString ? JSON.stringify(v).slice(1, -1) : v;
    at = t.end;
  }
  return out + unescapeLiteral(rt.text.slice(at));
}

/**
 * The messages of one produce of a block. Throws RecipeExpansionError for a block with errors, a
 * Faker helper without Faker, or a JSON value that is not JSON once filled in.
 */
export function expandBlock(block: RecipeBlock, opts: ExpandOptions = {}): OutgoingMessageLike[] {
  const line = block.range.start.line;
  if (block.hasErrors) throw new RecipeExpansionError('this block has errors: fix them first', line);
  if (!block.topic) throw new RecipeExpansionError('this block has no topic', line);
  const count = opts.count ?? block.count;
  if (!Number.isInteger(count) || count < 0) throw new RecipeExpansionError(`count must be a whole number, got ${count}`, line);
  const now = opts.now ?? Date.now();
  const random = opts.random ?? Math.random;
  const first = opts.seq ?? 1;
  const out: OutgoingMessageLike[] = [];
  const json = block.valueKind === 'json';
  for (let k = 0; k < count; k++) {
    const ctx: HelperContext = { seq: first + k, now, random };
    const m: OutgoingMessageLike = { key: block.key ? expandText(block.key, ctx, opts.faker, false) : null, value: null };
    if (block.headers.length) {
      m.headers = {};
      for (const h of block.headers) m.headers[h.name] = expandText(h.value, ctx, opts.faker, false);
    }
    if (block.value) {
      let v = expandText(block.value, ctx, opts.faker, json);
      if (json) {
        const problem = checkJson(v);
        if (problem) throw new RecipeExpansionError(`the value is not valid JSON once filled in (${problem.message}): ${v.slice(Math.max(0, problem.offset - 20), problem.offset + 20)}`, block.value.range.start.line);
        v = minifyJson(v);
      }
      m.value = v;
    }
    if (block.partition !== undefined) m.partition = block.partition;
    if (block.timestamp !== undefined) m.timestamp = block.timestamp;
    out.push(m);
  }
  return out;
}

/** The messages of a block with sample values for every template (for size checks before sending). */
export function sampleMessage(block: RecipeBlock): OutgoingMessageLike | undefined {
  if (block.hasErrors) return undefined;
  try {
    const fake = new Proxy({}, { get: (_, mod) => new Proxy({}, { get: (__, method) => () => sampleOf(`faker.${String(mod)}.${String(method)}`, []) }) });
    return expandBlock(block, { count: 1, now: 0, random: () => 0.999999, faker: fake })[0];
  } catch {
    return undefined;
  }
}
