// Which schema registries `msk-tools peek` decodes with: the local sandbox's own (its Glue emulation
// and Confluent-compatible registry) when peek uses it, else those the flags name: `--glue` (the
// AWS Glue Schema Registry with the connection's profile and region, `--glue-endpoint` for another
// endpoint) and `--schema-registry URL` (Confluent; a password only from an environment variable).
// Nothing is loaded until a message carries a registry header.
import type { Command } from 'commander';
import type { SchemaSession, SchemaSources } from '../core/schemas/index';
import { bootstrapRegion } from '../core/msk-hosts';
import { UsageError } from './errors';

export interface SchemaFlags {
  bootstrap?: string;
  profile?: string;
  region?: string;
  glue?: boolean;
  glueEndpoint?: string;
  schemaRegistry?: string;
  schemaRegistryUser?: string;
  schemaRegistryPasswordEnv?: string;
}

export function addSchemaOptions(cmd: Command): Command {
  return cmd
    .option('--glue', 'use the AWS Glue Schema Registry (with the --profile / --region credentials) to decode and encode')
    .option('--glue-endpoint <url>', 'a Glue endpoint in place of AWS\'s (implies --glue)')
    .option('--schema-registry <url>', 'the Confluent Schema Registry to decode and encode with')
    .option('--schema-registry-user <user>', 'basic-auth user for --schema-registry (with --schema-registry-password-env)')
    .option('--schema-registry-password-env <var>', 'environment variable holding the --schema-registry password');
}

/** Static keys: the sandbox's Glue emulation accepts any. */
const SANDBOX_KEYS = { accessKeyId: 'AKIASANDBOXCLI', secretAccessKey: 'sandbox-schemas' };

async function sources(flags: SchemaFlags): Promise<SchemaSources> {
  const out: SchemaSources = {};
  let glueEndpoint = flags.glueEndpoint;
  let registry = flags.schemaRegistry;
  let sandboxRegion: string | undefined;
  if (!flags.bootstrap) {
    const { findLocalSandbox } = await import('../kafka/local-sandbox');
    const sb = await findLocalSandbox();
    if (sb) {
      glueEndpoint ??= sb.glueEndpoint;
      registry ??= sb.registryEndpoint;
      sandboxRegion = sb.region;
    }
  }
  if (flags.glue || glueEndpoint) {
    const aws = await import('../aws/index');
    const region = flags.region ?? sandboxRegion ?? bootstrapRegion(flags.bootstrap ?? '') ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
    if (!region) throw new UsageError('--glue needs a region: give --region (or AWS_REGION)');
    const credentials = !flags.bootstrap && glueEndpoint && !flags.profile ? SANDBOX_KEYS : (await aws.resolveCredentials({ profile: flags.profile })).provider;
    out.glue = new aws.GlueSchemaRegistry({ region, credentials, ...(glueEndpoint ? { endpoint: glueEndpoint } : {}) });
  }
  if (registry) {
    if ((flags.schemaRegistryUser === undefined) !== (flags.schemaRegistryPasswordEnv === undefined)) {
      throw new UsageError('--schema-registry-user and --schema-registry-password-env go together');
    }
    let auth: { username: string; password: string } | undefined;
    if (flags.schemaRegistryUser !== undefined) {
      const password = process.env[flags.schemaRegistryPasswordEnv!];
      if (password === undefined) throw new UsageError(`--schema-registry-password-env ${flags.schemaRegistryPasswordEnv}: that environment variable is not set`);
      auth = { username: flags.schemaRegistryUser, password };
    }
    const { ConfluentSchemaRegistry } = await import('../kafka/schema-registry');
    out.confluent = new ConfluentSchemaRegistry({ url: registry, ...(auth ? { auth } : {}) });
  }
  return out;
}

/** The session, made on first use (the first message with a registry header); one per run. */
export function lazySchemaSession(flags: SchemaFlags): () => Promise<SchemaSession> {
  let session: Promise<SchemaSession> | undefined;
  return () => (session ??= (async () => {
    const [{ SchemaSession }, s] = await Promise.all([import('../core/schemas/index'), sources(flags)]);
    return new SchemaSession(s);
  })());
}
