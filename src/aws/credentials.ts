// Credentials for an AWS connection through the SDK's own providers: fromIni for a named profile
// (static keys, SSO with sso_session or the legacy sso_start_url, credential_process, role_arn
// with source_profile), fromNodeProviderChain for "default credentials". The provider is wrapped
// so that what it throws is an AwsError that says what to do next.
import { fromIni, fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { classifyAwsError, ErrorContext } from './errors';
import { findProfile, sharedFilePaths, type AwsProfile, type SharedFiles } from './profiles';

export interface CredentialOptions {
  /** A named profile; undefined means the default chain (AWS_PROFILE, env, files, container, IMDS). */
  profile?: string;
  /** Override the shared files (tests); default: AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE / ~/.aws. */
  files?: Partial<SharedFiles>;
  /** Passed to fromIni for role_arn profiles (the STS client it creates). */
  clientConfig?: Record<string, unknown>;
}

export interface ResolvedCredentials {
  provider: AwsCredentialIdentityProvider;
  /** The profile that is in force (named, or AWS_PROFILE / default for the chain), when it exists. */
  profile?: AwsProfile;
  /** Named profile, or undefined for the default chain. */
  profileName?: string;
  /** What the provider tries, in order, for a no-credentials message. */
  sourcesTried: string[];
  files: SharedFiles;
}

/** What fromNodeProviderChain tries, in its order, named as a user knows them. */
export function defaultChainSources(files: SharedFiles, env: NodeJS.ProcessEnv = process.env): string[] {
  const profile = env.AWS_PROFILE || 'default';
  return [
    'environment variables AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY' + (env.AWS_PROFILE ? ' (skipped: AWS_PROFILE is set)' : ''),
    `profile "${profile}" in ${files.configFile} and ${files.credentialsFile} (keys, SSO, credential_process, role_arn)`,
    'web identity token (AWS_WEB_IDENTITY_TOKEN_FILE)',
    env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI || env.AWS_CONTAINER_CREDENTIALS_FULL_URI
      ? 'container credentials (AWS_CONTAINER_CREDENTIALS_*)'
      : 'EC2 instance metadata' + (/^true$/i.test(env.AWS_EC2_METADATA_DISABLED ?? '') ? ' (disabled by AWS_EC2_METADATA_DISABLED)' : ''),
  ];
}

// Types taken from the providers themselves, so no transitive package is imported by name.
export type AwsCredentialIdentityProvider = ReturnType<typeof fromNodeProviderChain>;
export type AwsCredentialIdentity = Awaited<ReturnType<AwsCredentialIdentityProvider>>;

function profileSources(profile: string, files: SharedFiles): string[] {
  return [`profile "${profile}" in ${files.configFile} and ${files.credentialsFile}`];
}

/**
 * The credential provider of a connection. It does not call AWS until the client first asks,
 * so building one is cheap; failures surface from the first request, classified.
 */
export async function resolveCredentials(opts: CredentialOptions = {}): Promise<ResolvedCredentials> {
  const files = { ...sharedFilePaths(), ...opts.files };
  const inForce = opts.profile ?? (process.env.AWS_PROFILE || 'default');
  const profile = await findProfile(inForce, files);
  const sourcesTried = opts.profile ? profileSources(opts.profile, files) : defaultChainSources(files);
  const init = { filepath: files.credentialsFile, configFilepath: files.configFile, ignoreCache: true };
  const inner: AwsCredentialIdentityProvider = opts.profile
    ? fromIni({ ...init, profile: opts.profile, ...(opts.clientConfig ? { clientConfig: opts.clientConfig } : {}) })
    : fromNodeProviderChain(init);
  const ctx: ErrorContext = {
    profile: opts.profile ?? (profile ? inForce : undefined),
    ssoProfile: profile?.kind === 'sso',
    sourcesTried,
    files,
  };
  const provider: AwsCredentialIdentityProvider = async (identityProperties?: Parameters<AwsCredentialIdentityProvider>[0]): Promise<AwsCredentialIdentity> => {
    if (opts.profile && !profile) {
      // fromIni would say "could not resolve credentials"; the real problem is the name.
      throw classifyAwsError(Object.assign(new Error(`Profile ${opts.profile} could not be found`), { name: 'CredentialsProviderError' }), ctx);
    }
    try {
      return await inner(identityProperties);
    } catch (err) {
      throw classifyAwsError(err, ctx);
    }
  };
  return { provider, profile, profileName: opts.profile, sourcesTried, files };
}

/**
 * The regions a connection covers: the ones given, else the profile's region, else AWS_REGION /
 * AWS_DEFAULT_REGION. Empty when none is known (the caller reports no-region).
 */
export function connectionRegions(given: readonly string[] | undefined, profile: AwsProfile | undefined, env: NodeJS.ProcessEnv = process.env): string[] {
  const list = (given ?? []).map((r) => r.trim()).filter((r) => r !== '');
  if (list.length > 0) return [...new Set(list)];
  const fallback = profile?.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  return fallback ? [fallback] : [];
}
