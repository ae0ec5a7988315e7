// The secrets of the Secrets Manager emulator and the two read calls MSK clients need: GetSecretValue
// (the SCRAM username/password JSON of an AmazonMSK_ secret) and ListSecrets (to offer them). Kept
// apart from HTTP so it can be tested on its own. Shapes follow the Secrets Manager API reference:
// timestamps are epoch seconds, errors carry a type name that the SDK maps to an exception class.
import { createHash } from 'node:crypto';

export interface SecretConfig {
  /** The secret's name; MSK associates only secrets whose names start with AmazonMSK_. */
  name: string;
  /** The SecretString (for MSK SCRAM: JSON {"username","password"}). */
  value: string;
  description?: string;
  /** MSK needs a customer managed KMS key on its secrets; default: a key ARN derived from the name. */
  kmsKeyId?: string;
  tags?: Record<string, string>;
}

export interface StoredSecret {
  arn: string;
  name: string;
  value: string;
  description?: string;
  kmsKeyId: string;
  tags: Record<string, string>;
  versionId: string;
  /** Epoch seconds. */
  created: number;
}

export type SecretsErrorType = 'ResourceNotFoundException' | 'InvalidParameterException' | 'InvalidNextTokenException' | 'InvalidRequestException';

export class SecretsApiError extends Error {
  constructor(
    readonly type: SecretsErrorType,
    message: string,
  ) {
    super(message);
  }
}

const MAX_RESULTS = 100;
const FILTER_KEYS = ['name', 'description', 'tag-key', 'tag-value', 'all'] as const;
type FilterKey = (typeof FILTER_KEYS)[number];

function digest(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex');
}

/** Secrets Manager appends six random characters to a secret's ARN; here they derive from the name. */
function arnSuffix(seed: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = Buffer.from(digest(seed, 'suffix'), 'hex');
  return [...bytes.subarray(0, 6)].map((b) => alphabet[b % alphabet.length]).join('');
}

function uuidFrom(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function stringField(body: Record<string, unknown>, key: string, required: boolean): string | undefined {
  const v = body[key];
  if (v === undefined || v === null) {
    if (required) throw new SecretsApiError('InvalidParameterException', `${key} is required.`);
    return undefined;
  }
  if (typeof v !== 'string') throw new SecretsApiError('InvalidParameterException', `${key} must be a string.`);
  return v;
}

export class SecretStore {
  readonly secrets: readonly StoredSecret[];

  constructor(configs: readonly SecretConfig[], opts: { region: string; accountId: string; createdAt?: Date }) {
    const created = Math.floor((opts.createdAt ?? new Date()).getTime() / 1000);
    const names = new Set<string>();
    this.secrets = configs.map((c) => {
      if (!/^[A-Za-z0-9/_+=.@-]{1,512}$/.test(c.name)) throw new Error(`secrets: invalid secret name "${c.name}" (letters, digits and /_+=.@- only)`);
      if (names.has(c.name)) throw new Error(`secrets: the name "${c.name}" is used twice`);
      names.add(c.name);
      const seed = `${opts.region}/${opts.accountId}/${c.name}`;
      return {
        arn: `arn:aws:secretsmanager:${opts.region}:${opts.accountId}:secret:${c.name}-${arnSuffix(seed)}`,
        name: c.name,
        value: c.value,
        description: c.description,
        kmsKeyId: c.kmsKeyId ?? `arn:aws:kms:${opts.region}:${opts.accountId}:key/${uuidFrom(digest(seed, 'kms'))}`,
        tags: { ...(c.tags ?? {}) },
        versionId: uuidFrom(digest(seed, 'version')),
        created,
      };
    });
  }

  /** SecretId may be the name, the full ARN, or the ARN without its six-character suffix. */
  find(secretId: string): StoredSecret {
    const s = this.secrets.find((x) => x.name === secretId || x.arn === secretId || x.arn.slice(0, -7) === secretId);
    if (!s) throw new SecretsApiError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
    return s;
  }

  getSecretValue(body: Record<string, unknown>): unknown {
    const s = this.find(stringField(body, 'SecretId', true)!);
    const versionId = stringField(body, 'VersionId', false);
    const stage = stringField(body, 'VersionStage', false);
    // One version per secret, labelled AWSCURRENT: asking for any other is asking for something absent.
    if ((versionId !== undefined && versionId !== s.versionId) || (stage !== undefined && stage !== 'AWSCURRENT')) {
      throw new SecretsApiError('ResourceNotFoundException', `Secrets Manager can't find the specified secret value for ${versionId !== undefined ? `VersionId: ${versionId}` : `staging label: ${stage}`}`);
    }
    return { ARN: s.arn, Name: s.name, VersionId: s.versionId, SecretString: s.value, VersionStages: ['AWSCURRENT'], CreatedDate: s.created };
  }

  listSecrets(body: Record<string, unknown>): unknown {
    const max = body.MaxResults ?? MAX_RESULTS;
    if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > MAX_RESULTS) {
      throw new SecretsApiError('InvalidParameterException', `MaxResults must be an integer from 1 to ${MAX_RESULTS}.`);
    }
    const filters = this.parseFilters(body.Filters);
    const sortDesc = body.SortOrder === 'desc';
    if (body.SortOrder !== undefined && body.SortOrder !== 'asc' && body.SortOrder !== 'desc') throw new SecretsApiError('InvalidParameterException', 'SortOrder must be asc or desc.');
    const matching = this.secrets.filter((s) => filters.every((f) => this.matches(s, f.key, f.values)));
    // All secrets are created together: order by name so pages are stable.
    matching.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) * (sortDesc ? -1 : 1));
    const scope = digest(JSON.stringify(body.Filters ?? null), String(sortDesc));
    const token = stringField(body, 'NextToken', false);
    let start = 0;
    if (token !== undefined) {
      const m = /^([0-9a-f]{16}):(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
      if (!m || m[1] !== scope.slice(0, 16) || Number(m[2]) > matching.length) throw new SecretsApiError('InvalidNextTokenException', 'The NextToken is not valid for this request; start again without NextToken.');
      start = Number(m[2]);
    }
    const page = matching.slice(start, start + max);
    const end = start + page.length;
    return {
      SecretList: page.map((s) => ({
        ARN: s.arn,
        Name: s.name,
        ...(s.description !== undefined ? { Description: s.description } : {}),
        KmsKeyId: s.kmsKeyId,
        LastChangedDate: s.created,
        CreatedDate: s.created,
        Tags: Object.entries(s.tags).map(([Key, Value]) => ({ Key, Value })),
        SecretVersionsToStages: { [s.versionId]: ['AWSCURRENT'] },
      })),
      ...(end < matching.length ? { NextToken: Buffer.from(`${scope.slice(0, 16)}:${end}`, 'utf8').toString('base64url') } : {}),
    };
  }

  private parseFilters(raw: unknown): { key: FilterKey; values: string[] }[] {
    if (raw === undefined || raw === null) return [];
    if (!Array.isArray(raw)) throw new SecretsApiError('InvalidParameterException', 'Filters must be a list of {Key, Values}.');
    return raw.map((f: unknown) => {
      const { Key, Values } = (f ?? {}) as { Key?: unknown; Values?: unknown };
      if (typeof Key !== 'string' || !(FILTER_KEYS as readonly string[]).includes(Key)) {
        throw new SecretsApiError('InvalidParameterException', `Filter Key must be one of ${FILTER_KEYS.join(', ')} in this emulator; got ${JSON.stringify(Key)}.`);
      }
      if (!Array.isArray(Values) || Values.length === 0 || !Values.every((v) => typeof v === 'string')) {
        throw new SecretsApiError('InvalidParameterException', `Filter ${Key} needs a non-empty list of string Values.`);
      }
      return { key: Key as FilterKey, values: Values };
    });
  }

  /**
   * Secrets Manager's filter rule: a value matches the start of the field; a leading "!" negates it.
   * Positive values are alternatives; every negated value must hold.
   */
  private matches(s: StoredSecret, key: FilterKey, values: string[]): boolean {
    const fields =
      key === 'name' ? [s.name]
      : key === 'description' ? [s.description ?? '']
      : key === 'tag-key' ? Object.keys(s.tags)
      : key === 'tag-value' ? Object.values(s.tags)
      : [s.name, s.description ?? '', ...Object.keys(s.tags), ...Object.values(s.tags)];
    const hit = (v: string) => fields.some((f) => f.startsWith(v));
    const positive = values.filter((v) => !v.startsWith('!'));
    const negative = values.filter((v) => v.startsWith('!')).map((v) => v.slice(1));
    return (positive.length === 0 || positive.some(hit)) && negative.every((v) => !hit(v));
  }
}
