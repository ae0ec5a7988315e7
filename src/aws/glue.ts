// The AWS Glue Schema Registry through @aws-sdk/client-glue, with the connection's credentials and
// region and an endpoint override (the sandbox's glueEndpoint). Part of the control-plane chunk
// (dist/aws.js), which carries the AWS SDK core it shares with the MSK and Secrets Manager clients.
// As a SchemaSource it feeds src/core/schemas' session cache (schema versions by their UUID).
import {
  CreateSchemaCommand,
  GetSchemaByDefinitionCommand,
  GetSchemaVersionCommand,
  GlueClient,
  paginateListRegistries,
  paginateListSchemas,
  paginateListSchemaVersions,
  RegisterSchemaVersionCommand,
  type GetSchemaVersionCommandOutput,
} from '@aws-sdk/client-glue';
import type { AwsCredentialIdentityProvider } from './credentials';
import { SCHEMA_FORMATS, type SchemaFormat, type SchemaRecord, type SchemaSource } from '../core/schemas/types';

export const GLUE_DEFAULT_REGISTRY = 'default-registry';

export interface GlueRegistryOptions {
  region: string;
  credentials: AwsCredentialIdentityProvider | { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** An emulator or another endpoint (the sandbox's glueEndpoint). */
  endpoint?: string;
  /** The registry that names without one refer to (default: Glue's default-registry). */
  registryName?: string;
  maxAttempts?: number;
}

/**
 * Why a Glue call failed: the schema is not there (`not-found`), or Glue could not be asked at all
 * (`credentials`: none, expired or refused; `access-denied`: IAM; `endpoint`: no answer), or else.
 */
export type GlueFailure = 'not-found' | 'credentials' | 'access-denied' | 'endpoint' | 'other';

const CREDENTIAL_CODES = new Set(['no-credentials', 'sso-login-required', 'expired-credentials', 'profile-not-found', 'no-region']);
const REFUSED_CREDENTIALS = new Set(['UnrecognizedClientException', 'InvalidSignatureException', 'ExpiredTokenException', 'ExpiredToken', 'InvalidClientTokenId', 'IncompleteSignature', 'TokenProviderError', 'CredentialsProviderError']);
const NO_ANSWER = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|EHOSTUNREACH|ENETUNREACH|getaddrinfo|socket hang up/;

export class GlueRegistryError extends Error {
  override name = 'GlueRegistryError';
  /** not-found: the registry answered that it has no such schema; the others: it could not be asked. */
  failure: GlueFailure = 'other';
  constructor(
    message: string,
    /** The SDK's error name (EntityNotFoundException, AccessDeniedException, …). */
    readonly code: string,
    override readonly cause?: unknown,
  ) {
    super(message);
  }
}

export interface GlueSchemaSummary {
  registryName: string;
  schemaName: string;
  arn: string;
  description?: string;
}

export interface GlueVersionSummary {
  versionId: string;
  version: number;
  status?: string;
  created?: string;
}

/** registry/schema from a schema ARN (arn:aws:glue:<region>:<account>:schema/<registry>/<schema>). */
export function schemaArnParts(arn: string | undefined): { registryName: string; schemaName: string } | undefined {
  const m = /:schema\/([^/]+)\/(.+)$/.exec(arn ?? '');
  return m ? { registryName: m[1], schemaName: m[2] } : undefined;
}

export class GlueSchemaRegistry implements SchemaSource {
  readonly kind = 'glue' as const;
  readonly registryName: string;
  private readonly client: GlueClient;

  constructor(readonly opts: GlueRegistryOptions) {
    this.registryName = opts.registryName ?? GLUE_DEFAULT_REGISTRY;
    this.client = new GlueClient({ region: opts.region, credentials: opts.credentials, ...(opts.endpoint ? { endpoint: opts.endpoint } : {}), maxAttempts: opts.maxAttempts ?? 3 });
  }

  private fail(err: unknown, what: string, action: string): GlueRegistryError {
    const e = (err ?? {}) as { name?: string; message?: string; code?: string; hint?: string; $metadata?: { httpStatusCode?: number } };
    const name = e.name ?? 'Error';
    const text = e.message ?? String(err);
    const call = `Glue ${action} for ${what} in ${this.opts.region}`;
    const status = e.$metadata?.httpStatusCode;
    let failure: GlueFailure = 'other';
    let message: string;
    if (name === 'AwsError' && CREDENTIAL_CODES.has(e.code ?? '')) {
      // the connection's credential provider (src/aws/credentials.ts): its message says what to do
      failure = 'credentials';
      const flags = e.code === 'sso-login-required' || e.code === 'expired-credentials' ? '' : ' (msk-tools: --profile NAME, --region REGION)';
      message = `${call}: ${/^no AWS credentials/i.test(text) ? '' : 'no usable AWS credentials: '}${text} ${e.hint ?? ''}${flags}`.replace(/ {2,}/g, ' ').trim();
    } else if (REFUSED_CREDENTIALS.has(name) || /security token included in the request is (invalid|expired)/i.test(text)) {
      failure = 'credentials';
      message = `${call}: AWS refused the credentials (${name}: ${text}). Refresh them (an SSO profile: \`aws sso login --profile NAME\`) or pick another profile (msk-tools: --profile NAME).`;
    } else if (name === 'EntityNotFoundException') {
      failure = 'not-found';
      message = `${call} failed: ${name}: ${text}. Check the name or id, and that it is in this region and registry.`;
    } else if (name === 'AccessDeniedException' || status === 403 || /not authorized/i.test(text)) {
      failure = 'access-denied';
      message = `${call}: access denied (${name}: ${text}). Allow glue:${action} (and glue:GetRegistry) to your identity in an IAM policy, or pick a profile that has them (msk-tools: --profile NAME).`;
    } else if (NO_ANSWER.test(`${e.code ?? ''} ${name} ${text}`) || name === 'TimeoutError') {
      failure = 'endpoint';
      message = `${call}: the Glue endpoint did not answer (${text}). Check the region (msk-tools: --region REGION), the endpoint (--glue-endpoint), your network and proxy settings.`;
    } else {
      message = `${call} failed: ${name}: ${text}.`;
    }
    const out = new GlueRegistryError(message, name, err);
    out.failure = failure;
    return out;
  }

  private record(out: GetSchemaVersionCommandOutput, fallbackName: string, registryName: string): SchemaRecord {
    const parts = schemaArnParts(out.SchemaArn);
    const format = out.DataFormat;
    if (!format || !SCHEMA_FORMATS.includes(format)) throw new GlueRegistryError(`Glue returned the schema version ${out.SchemaVersionId} with data format ${String(format)}; MSK Tools reads AVRO, JSON and PROTOBUF.`, 'UnsupportedFormat');
    if (out.SchemaDefinition === undefined) throw new GlueRegistryError(`Glue returned the schema version ${out.SchemaVersionId} without its definition.`, 'NoDefinition');
    return {
      registry: 'glue',
      registryName: parts?.registryName ?? registryName,
      name: parts?.schemaName ?? fallbackName,
      version: out.VersionNumber ?? 0,
      format,
      id: out.SchemaVersionId ?? '',
      definition: out.SchemaDefinition,
    };
  }

  /** GetSchemaVersion by the schema version id (the UUID in a message's header). */
  async byId(id: string): Promise<SchemaRecord> {
    let out: GetSchemaVersionCommandOutput;
    try {
      out = await this.client.send(new GetSchemaVersionCommand({ SchemaVersionId: id }));
    } catch (err) {
      throw this.fail(err, `schema version ${id}`, 'GetSchemaVersion');
    }
    return this.record(out, id, this.registryName);
  }

  /** GetSchemaVersion by schema name and version number, or the latest version. */
  async byName(schemaName: string, version: number | 'latest', registryName = this.registryName): Promise<SchemaRecord> {
    let out: GetSchemaVersionCommandOutput;
    try {
      out = await this.client.send(
        new GetSchemaVersionCommand({
          SchemaId: { RegistryName: registryName, SchemaName: schemaName },
          SchemaVersionNumber: version === 'latest' ? { LatestVersion: true } : { VersionNumber: version },
        }),
      );
    } catch (err) {
      throw this.fail(err, `${registryName}/${schemaName} version ${version}`, 'GetSchemaVersion');
    }
    return this.record(out, schemaName, registryName);
  }

  async listRegistries(): Promise<{ name: string; arn: string; description?: string }[]> {
    const out: { name: string; arn: string; description?: string }[] = [];
    try {
      for await (const page of paginateListRegistries({ client: this.client }, {})) {
        for (const r of page.Registries ?? []) out.push({ name: r.RegistryName ?? '', arn: r.RegistryArn ?? '', description: r.Description });
      }
    } catch (err) {
      throw this.fail(err, 'the registries', 'ListRegistries');
    }
    return out;
  }

  async listSchemas(registryName = this.registryName): Promise<GlueSchemaSummary[]> {
    const out: GlueSchemaSummary[] = [];
    try {
      for await (const page of paginateListSchemas({ client: this.client }, { RegistryId: { RegistryName: registryName } })) {
        for (const s of page.Schemas ?? []) out.push({ registryName: s.RegistryName ?? registryName, schemaName: s.SchemaName ?? '', arn: s.SchemaArn ?? '', description: s.Description });
      }
    } catch (err) {
      throw this.fail(err, `registry ${registryName}`, 'ListSchemas');
    }
    return out;
  }

  async listSchemaVersions(schemaName: string, registryName = this.registryName): Promise<GlueVersionSummary[]> {
    const out: GlueVersionSummary[] = [];
    try {
      for await (const page of paginateListSchemaVersions({ client: this.client }, { SchemaId: { RegistryName: registryName, SchemaName: schemaName } })) {
        for (const v of page.Schemas ?? []) out.push({ versionId: v.SchemaVersionId ?? '', version: v.VersionNumber ?? 0, status: v.Status, created: v.CreatedTime });
      }
    } catch (err) {
      throw this.fail(err, `${registryName}/${schemaName}`, 'ListSchemaVersions');
    }
    return out.sort((a, b) => a.version - b.version);
  }

  /** The version id of a definition already registered under the schema, or undefined when none matches. */
  async versionIdOf(schemaName: string, definition: string, registryName = this.registryName): Promise<string | undefined> {
    try {
      const out = await this.client.send(new GetSchemaByDefinitionCommand({ SchemaId: { RegistryName: registryName, SchemaName: schemaName }, SchemaDefinition: definition }));
      return out.SchemaVersionId;
    } catch (err) {
      if ((err as { name?: string }).name === 'EntityNotFoundException') return undefined;
      throw this.fail(err, `${registryName}/${schemaName}`, 'GetSchemaByDefinition');
    }
  }

  /** Registers a definition as a new version (or returns the existing version with that definition). */
  async registerVersion(schemaName: string, definition: string, registryName = this.registryName): Promise<{ versionId: string; version: number }> {
    try {
      const out = await this.client.send(new RegisterSchemaVersionCommand({ SchemaId: { RegistryName: registryName, SchemaName: schemaName }, SchemaDefinition: definition }));
      return { versionId: out.SchemaVersionId ?? '', version: out.VersionNumber ?? 0 };
    } catch (err) {
      throw this.fail(err, `${registryName}/${schemaName}`, 'RegisterSchemaVersion');
    }
  }

  async createSchema(schemaName: string, format: SchemaFormat, definition: string, registryName = this.registryName, compatibility = 'BACKWARD'): Promise<{ versionId: string }> {
    try {
      const out = await this.client.send(new CreateSchemaCommand({ RegistryId: { RegistryName: registryName }, SchemaName: schemaName, DataFormat: format, Compatibility: compatibility as 'BACKWARD', SchemaDefinition: definition }));
      return { versionId: out.SchemaVersionId ?? '' };
    } catch (err) {
      throw this.fail(err, `${registryName}/${schemaName}`, 'CreateSchema');
    }
  }

  dispose(): void {
    this.client.destroy();
  }
}
