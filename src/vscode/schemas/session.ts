// The schema session of a cluster connection: which registries its messages are decoded with.
// The local sandbox's connection uses the sandbox's own Glue emulation and Confluent-compatible
// registry; every other connection uses the settings msk.schemas.glue / msk.schemas.confluent
// (the Confluent password from SecretStorage, never from settings). One session per connection and
// settings, so each schema is fetched and compiled once however many viewers are opened.
import * as vscode from 'vscode';
import type { SandboxInfo } from '../../sandbox/sandbox';
import { SchemaSession, type SchemaSources } from '../../core/schemas/session';
import type { SchemaRecord, SchemaSource, ValueSchemaSetting } from '../../core/schemas/types';
import { topicSchemaRules, topicSchemaRule, AUTO_VALUE_SCHEMA, describeValueSchema } from '../../core/schemas/topic-settings';
import { ConfluentSchemaRegistry } from '../../kafka/schema-registry';
import { loadAws, regionOfBootstrap } from '../connection-auth';
import { CONFLUENT_PASSWORD_KEY, type SchemaContext } from './context';

export { CONFLUENT_PASSWORD_KEY, type SchemaContext } from './context';

export interface GlueSetting {
  registryName?: string;
  region?: string;
  profile?: string;
  endpoint?: string;
}

export interface ConfluentSetting {
  url?: string;
  username?: string;
}

type GlueChunk = typeof import('../../aws/index');
let glueChunk: Promise<GlueChunk> | undefined;
// the Glue client is in the control-plane chunk (aws.js), beside the AWS SDK core it shares
const loadGlue = () => (glueChunk ??= import('../../aws/index'));

/** Static keys: the sandbox's Glue emulation accepts any. */
const SANDBOX_GLUE_CREDENTIALS = { accessKeyId: 'AKIASANDBOXSCHEMAS', secretAccessKey: 'sandbox-schemas' };

export interface GlueSourceOptions {
  region: string;
  endpoint?: string;
  registryName?: string;
  /** A named AWS profile; undefined: the static sandbox keys when `sandbox`, else the default chain. */
  profile?: string;
  sandbox?: boolean;
}

/**
 * A Glue SchemaSource that loads the Glue client chunk (and resolves credentials) on its first
 * lookup only. `registry()` gives the full client (the explorer lists registries with it).
 */
export class LazyGlueSource implements SchemaSource {
  readonly kind = 'glue' as const;
  private client: Promise<import('../../aws/index').GlueSchemaRegistry> | undefined;

  constructor(readonly options: GlueSourceOptions) {}

  registry(): Promise<import('../../aws/index').GlueSchemaRegistry> {
    this.client ??= (async () => {
      const { GlueSchemaRegistry } = await loadGlue();
      const o = this.options;
      const credentials = o.sandbox && !o.profile ? SANDBOX_GLUE_CREDENTIALS : (await (await loadAws()).resolveCredentials({ profile: o.profile })).provider;
      return new GlueSchemaRegistry({ region: o.region, credentials, endpoint: o.endpoint, registryName: o.registryName });
    })();
    this.client.catch(() => (this.client = undefined));
    return this.client;
  }

  async byId(id: string): Promise<SchemaRecord> {
    return (await this.registry()).byId(id);
  }

  async byName(name: string, version: number | 'latest', registryName?: string): Promise<SchemaRecord> {
    return (await this.registry()).byName(name, version, registryName);
  }
}

export interface ConnectionRegistries {
  glue?: LazyGlueSource;
  confluent?: ConfluentSchemaRegistry;
  /** Why a configured registry could not be set up (e.g. a bad URL), for the log and the user. */
  problems: string[];
}

function isSandbox(bootstrap: string, info: SandboxInfo | undefined): info is SandboxInfo {
  if (!info) return false;
  const mine = new Set(bootstrap.split(',').map((s) => s.trim()));
  return [info.bootstrap, ...Object.values(info.listeners ?? {})].some((b) => typeof b === 'string' && b.split(',').some((x) => mine.has(x.trim())));
}

/** The registries of a connection (by its bootstrap), from the sandbox or the settings. */
export async function registriesFor(bootstrap: string, ctx: SchemaContext = {}): Promise<ConnectionRegistries> {
  const info = ctx.sandbox?.();
  if (isSandbox(bootstrap, info)) {
    return {
      glue: new LazyGlueSource({ region: info.region, endpoint: info.glueEndpoint, sandbox: true }),
      confluent: new ConfluentSchemaRegistry({ url: info.registryEndpoint, name: 'sandbox' }),
      problems: [],
    };
  }
  const c = vscode.workspace.getConfiguration('msk.schemas');
  const glue = c.get<GlueSetting>('glue') ?? {};
  const confluent = c.get<ConfluentSetting>('confluent') ?? {};
  const out: ConnectionRegistries = { problems: [] };
  if (glue.registryName || glue.region || glue.endpoint || glue.profile) {
    const region = glue.region || regionOfBootstrap(bootstrap) || process.env.AWS_REGION || 'us-east-1';
    out.glue = new LazyGlueSource({ region, endpoint: glue.endpoint || undefined, registryName: glue.registryName || undefined, profile: glue.profile || undefined });
  }
  if (confluent.url) {
    const password = confluent.username ? await ctx.secrets?.get(CONFLUENT_PASSWORD_KEY) : undefined;
    if (confluent.username && password === undefined) {
      out.problems.push(`msk.schemas.confluent names the user ${confluent.username}, but no password is stored: run "MSK: Set Confluent Schema Registry Password".`);
    }
    try {
      out.confluent = new ConfluentSchemaRegistry({ url: confluent.url, auth: confluent.username && password !== undefined ? { username: confluent.username, password } : undefined });
    } catch (err) {
      out.problems.push(`msk.schemas.confluent: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return out;
}

const sessions = new Map<string, SchemaSession>();

/** Drops the cached sessions (settings or the password changed). */
export function forgetSchemaSessions(): void {
  sessions.clear();
}

/**
 * The schema session of a connection, shared by its viewers (schemas cached by id). Always a
 * session: without registries, a message with a registry header says which setting to fill in.
 */
export async function schemaSessionFor(bootstrap: string, ctx: SchemaContext = {}, log?: vscode.LogOutputChannel): Promise<SchemaSession> {
  const info = ctx.sandbox?.();
  const c = vscode.workspace.getConfiguration('msk.schemas');
  const key = JSON.stringify([ctx.generation?.() ?? 0, bootstrap, isSandbox(bootstrap, info) ? info.glueEndpoint + info.registryEndpoint : '', c.get('glue'), c.get('confluent')]);
  const hit = sessions.get(key);
  if (hit) return hit;
  const r = await registriesFor(bootstrap, ctx);
  for (const p of r.problems) log?.warn(`schemas: ${p}`);
  const sources: SchemaSources = {};
  if (r.glue) sources.glue = r.glue;
  if (r.confluent) sources.confluent = r.confluent;
  const session = new SchemaSession(sources);
  sessions.set(key, session);
  return session;
}

let reportedTopicProblems = '';

/**
 * How a topic's values are read, from msk.schemas.topics (topic names or globs → registry and
 * format); auto when no entry names the topic. Entries that are not valid are logged (once per
 * change of the setting) and left out.
 */
export function valueSchemaFor(topic: string, log?: vscode.LogOutputChannel): ValueSchemaSetting {
  const raw = vscode.workspace.getConfiguration('msk.schemas').get<unknown>('topics');
  const { rules, problems } = topicSchemaRules(raw);
  const text = problems.join('\n');
  if (text && text !== reportedTopicProblems) for (const p of problems) log?.warn(`schemas: ${p}`);
  reportedTopicProblems = text;
  const rule = topicSchemaRule(topic, rules);
  if (rule) log?.info(`schemas: ${topic} is read as ${describeValueSchema(rule.setting)} (msk.schemas.topics "${rule.pattern}")`);
  return rule?.setting ?? AUTO_VALUE_SCHEMA;
}
