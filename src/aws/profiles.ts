// AWS profiles from the shared config and credentials files, read with the SDK's own loader so
// that what we list is what the credential providers will use (AWS_CONFIG_FILE and
// AWS_SHARED_CREDENTIALS_FILE included).
import { join } from 'node:path';
import { getHomeDir, loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';

export type ProfileKind = 'sso' | 'assume-role' | 'credential-process' | 'web-identity' | 'static' | 'unknown';

export interface AwsProfile {
  name: string;
  region?: string;
  kind: ProfileKind;
  /** sso_session name (new-style SSO) or undefined. */
  ssoSession?: string;
  ssoStartUrl?: string;
  roleArn?: string;
  sourceProfile?: string;
  /** Which of the two files define it. */
  files: ('config' | 'credentials')[];
}

export interface SharedFiles {
  configFile: string;
  credentialsFile: string;
}

/** The files the SDK reads: AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/… */
export function sharedFilePaths(env: NodeJS.ProcessEnv = process.env): SharedFiles {
  return {
    configFile: env.AWS_CONFIG_FILE || join(getHomeDir(), '.aws', 'config'),
    credentialsFile: env.AWS_SHARED_CREDENTIALS_FILE || join(getHomeDir(), '.aws', 'credentials'),
  };
}

/** Sections of the config file that are not profiles (the loader keys them "<type>.<name>"). */
const NON_PROFILE_PREFIXES = ['sso-session.', 'services.'];

function kindOf(s: Record<string, string | undefined>): ProfileKind {
  if (s.sso_session || s.sso_start_url) return 'sso';
  if (s.role_arn && s.web_identity_token_file) return 'web-identity';
  if (s.role_arn) return 'assume-role';
  if (s.credential_process) return 'credential-process';
  if (s.aws_access_key_id) return 'static';
  return 'unknown';
}

/**
 * Every profile in the shared files, sorted by name. Files are re-read each call (ignoreCache),
 * so a refresh sees edits; a missing file is simply empty, as for the SDK.
 */
export async function listProfiles(files: Partial<SharedFiles> = {}): Promise<AwsProfile[]> {
  const paths = { ...sharedFilePaths(), ...files };
  const { configFile, credentialsFile } = await loadSharedConfigFiles({
    configFilepath: paths.configFile,
    filepath: paths.credentialsFile,
    ignoreCache: true,
  });
  const names = new Set<string>();
  for (const key of Object.keys(configFile)) if (!NON_PROFILE_PREFIXES.some((p) => key.startsWith(p))) names.add(key);
  for (const key of Object.keys(credentialsFile)) names.add(key);
  const out: AwsProfile[] = [];
  for (const name of names) {
    const fromConfig = configFile[name];
    const fromCredentials = credentialsFile[name];
    // The SDK merges both files with the credentials file winning; do the same.
    const merged: Record<string, string | undefined> = { ...(fromConfig ?? {}), ...(fromCredentials ?? {}) };
    out.push({
      name,
      region: merged.region,
      kind: kindOf(merged),
      ssoSession: merged.sso_session,
      ssoStartUrl: merged.sso_start_url,
      roleArn: merged.role_arn,
      sourceProfile: merged.source_profile,
      files: [...(fromConfig ? (['config'] as const) : []), ...(fromCredentials ? (['credentials'] as const) : [])],
    });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

export async function findProfile(name: string, files: Partial<SharedFiles> = {}): Promise<AwsProfile | undefined> {
  return (await listProfiles(files)).find((p) => p.name === name);
}
