// Typed errors of the AWS control-plane layer. Each says what went wrong and, in `hint`, what to
// do next; `action` names a follow-up the VS Code side can offer as a button (the CLI prints
// its command). classifyAwsError turns whatever the SDK or a credential provider threw into one.

export type AwsErrorCode =
  /** The SSO session (or its token) is missing or expired: `aws sso login` fixes it. */
  | 'sso-login-required'
  /** Temporary credentials (STS, SSO role credentials) expired and nothing refreshed them. */
  | 'expired-credentials'
  /** IAM refused an action; `iamAction` names it. */
  | 'access-denied'
  /** MSK kept throttling after the SDK's retries. */
  | 'throttled'
  /** No credential source produced credentials; `sourcesTried` lists them. */
  | 'no-credentials'
  /** The named profile is in neither shared file. */
  | 'profile-not-found'
  /** No region: none given, none in the profile. */
  | 'no-region'
  /** The endpoint did not answer (wrong --endpoint / msk.aws.endpoint, network, proxy). */
  | 'endpoint-unreachable'
  /** Anything else the service answered. */
  | 'aws-error';

/** A follow-up the user can run. `id` is stable: the VS Code side maps it to a button. */
export interface AwsErrorAction {
  id: 'aws.ssoLogin';
  title: string;
  /** The shell command the action runs (in a terminal). */
  command: string;
}

export class AwsError extends Error {
  readonly code: AwsErrorCode;
  /** What to do next, one sentence. */
  readonly hint: string;
  readonly action?: AwsErrorAction;
  /** For access-denied: the IAM action that was refused, e.g. `kafka:ListClustersV2`. */
  readonly iamAction?: string;
  /** For no-credentials: the sources the chain tried, in order. */
  readonly sourcesTried?: string[];
  readonly region?: string;
  readonly operation?: string;
  readonly profile?: string;

  constructor(
    code: AwsErrorCode,
    message: string,
    hint: string,
    extra: {
      action?: AwsErrorAction;
      iamAction?: string;
      sourcesTried?: string[];
      region?: string;
      operation?: string;
      profile?: string;
      cause?: unknown;
    } = {},
  ) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = 'AwsError';
    this.code = code;
    this.hint = hint;
    this.action = extra.action;
    this.iamAction = extra.iamAction;
    this.sourcesTried = extra.sourcesTried;
    this.region = extra.region;
    this.operation = extra.operation;
    this.profile = extra.profile;
  }

  /** The message and the hint, as one line for a notification or stderr. */
  get userMessage(): string {
    return `${this.message} ${this.hint}`;
  }
}

export interface ErrorContext {
  /** The MSK operation that failed (ListClustersV2, …): names the IAM action when AWS does not. */
  operation?: string;
  region?: string;
  /** The named profile in use; undefined for default credentials. */
  profile?: string;
  /** The profile logs in through SSO, so an expired token means `aws sso login`. */
  ssoProfile?: boolean;
  /** The credential sources that were tried, for no-credentials. */
  sourcesTried?: string[];
  /** The shared files read, for profile-not-found. */
  files?: { configFile: string; credentialsFile: string };
}

interface SdkLikeError {
  name?: string;
  message?: string;
  code?: string;
  Code?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
  $response?: { statusCode?: number };
}

function ssoLoginAction(profile: string | undefined): AwsErrorAction {
  const command = profile ? `aws sso login --profile ${profile}` : 'aws sso login';
  return { id: 'aws.ssoLogin', title: 'Run aws sso login', command };
}

export function ssoLoginRequired(profile: string | undefined, detail: string, ctx: ErrorContext = {}, cause?: unknown): AwsError {
  const action = ssoLoginAction(profile);
  return new AwsError(
    'sso-login-required',
    `The SSO session${profile ? ` of profile "${profile}"` : ''} has expired or was never started (${detail}).`,
    `Run \`${action.command}\`, then refresh.`,
    { action, profile, region: ctx.region, operation: ctx.operation, cause },
  );
}

const THROTTLING = new Set(['TooManyRequestsException', 'ThrottlingException', 'Throttling', 'ThrottledException', 'RequestLimitExceeded', 'SlowDown']);
const DENIED = new Set(['AccessDeniedException', 'AccessDenied', 'ForbiddenException', 'UnauthorizedException', 'UnrecognizedClientException']);
const EXPIRED = new Set(['ExpiredTokenException', 'ExpiredToken', 'TokenRefreshRequired']);
const NETWORK = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'TimeoutError']);

/** Turns anything thrown by the SDK or a credential provider into an AwsError (idempotent). */
export function classifyAwsError(err: unknown, ctx: ErrorContext = {}): AwsError {
  if (err instanceof AwsError) return err;
  const e = (err ?? {}) as SdkLikeError;
  const name = e.name ?? '';
  const message = e.message ?? String(err);
  const status = e.$metadata?.httpStatusCode ?? e.$response?.statusCode;
  const where = [ctx.operation, ctx.region && `in ${ctx.region}`].filter(Boolean).join(' ');
  const base = { region: ctx.region, operation: ctx.operation, profile: ctx.profile, cause: err };

  // Credential providers: SSO first (its messages all say "aws sso login"), then the chain's end.
  if (name === 'TokenProviderError' || name === 'CredentialsProviderError' || /sso login/i.test(message)) {
    if (/sso/i.test(message) || (ctx.ssoProfile && /token/i.test(message))) {
      return ssoLoginRequired(ctx.profile, message.replace(/\s*To refresh this SSO session.*$/s, '').trim(), ctx, err);
    }
    if (/could not (load|resolve) credentials using profile|profile .* (could not be found|was not found)/i.test(message)) {
      const files = ctx.files ? ` (read ${ctx.files.configFile} and ${ctx.files.credentialsFile})` : '';
      return new AwsError('profile-not-found', `The AWS profile "${ctx.profile ?? 'default'}" is not in the shared config or credentials file${files}.`, 'Check the profile name (`aws configure list-profiles`), or set AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE to the files that hold it.', base);
    }
    const tried = ctx.sourcesTried ?? [];
    return new AwsError(
      'no-credentials',
      `No AWS credentials found${tried.length ? `; tried: ${tried.join('; ')}` : ''} (${message}).`,
      ctx.profile
        ? `Give profile "${ctx.profile}" credentials (keys, sso_session, credential_process or role_arn with source_profile), or pick another profile.`
        : 'Configure credentials (`aws configure` or `aws configure sso`), set AWS_PROFILE, or pick a profile for this connection.',
      { ...base, sourcesTried: tried },
    );
  }
  if (/region is missing/i.test(message)) {
    return new AwsError('no-region', `No AWS region for ${ctx.profile ? `profile "${ctx.profile}"` : 'default credentials'}.`, 'Add `region = …` to the profile, or give the connection a region (--region R).', base);
  }
  if (EXPIRED.has(name) || /security token included in the request is expired/i.test(message)) {
    if (ctx.ssoProfile) return ssoLoginRequired(ctx.profile, message, ctx, err);
    return new AwsError('expired-credentials', `The AWS credentials have expired${where ? ` (${where})` : ''}: ${message}.`, 'Refresh the temporary credentials (renew the session that issued them), then refresh.', base);
  }
  if (THROTTLING.has(name) || status === 429) {
    const attempts = e.$metadata?.attempts;
    return new AwsError(
      'throttled',
      `MSK kept throttling ${ctx.operation ?? 'the request'}${ctx.region ? ` in ${ctx.region}` : ''}${attempts ? ` after ${attempts} attempts` : ''}.`,
      'Wait a minute and refresh; if it persists, refresh less often or ask AWS for a higher request rate.',
      base,
    );
  }
  if (DENIED.has(name) || status === 403 || status === 401) {
    const named = /perform:\s*([a-z0-9-]+:[A-Za-z0-9]+)/.exec(message)?.[1];
    const iamAction = named ?? (ctx.operation ? `kafka:${ctx.operation}` : undefined);
    const who = /User:\s*(\S+)/.exec(message)?.[1];
    return new AwsError(
      'access-denied',
      `Access denied${iamAction ? ` to ${iamAction}` : ''}${ctx.region ? ` in ${ctx.region}` : ''}${who ? ` for ${who}` : ''}.`,
      iamAction
        ? `Allow ${iamAction} in an IAM policy of ${ctx.profile ? `the identity behind profile "${ctx.profile}"` : 'your identity'}, or use a profile that has it.`
        : 'Check the IAM policies of your identity, or use a profile with access to MSK.',
      { ...base, iamAction },
    );
  }
  const code = (err as { code?: string } | undefined)?.code ?? '';
  if (NETWORK.has(code) || NETWORK.has(name) || /ECONNREFUSED|ENOTFOUND|getaddrinfo/.test(message)) {
    return new AwsError('endpoint-unreachable', `The MSK API did not answer${where ? ` (${where})` : ''}: ${message}.`, 'Check the endpoint (msk.aws.endpoint or --endpoint), your network and proxy settings.', base);
  }
  return new AwsError('aws-error', `MSK answered ${name || 'an error'}${where ? ` to ${where}` : ''}: ${message}`, 'Check the request and retry; see the logs for details.', base);
}
