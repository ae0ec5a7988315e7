// Temporary AWS shared files and SSO token caches for the AWS-layer tests: real files the SDK's
// own loader and providers read, with HOME pointed at a temporary folder.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface AwsHome {
  dir: string;
  configFile: string;
  credentialsFile: string;
  /** Writes ~/.aws/sso/cache/<sha1(id)>.json, as `aws sso login` does. */
  ssoToken(id: string, token: Record<string, unknown>): void;
  restore(): void;
}

const VARS = ['HOME', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_EC2_METADATA_DISABLED', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_CONTAINER_CREDENTIALS_FULL_URI'] as const;

/** A fresh HOME with .aws/config and .aws/credentials; the AWS environment is cleared until restore(). */
export function awsHome(config: string, credentials = ''): AwsHome {
  const saved = new Map(VARS.map((k) => [k, process.env[k]]));
  const dir = mkdtempSync(join(tmpdir(), 'msk-aws-test-'));
  mkdirSync(join(dir, '.aws', 'sso', 'cache'), { recursive: true });
  const configFile = join(dir, '.aws', 'config');
  const credentialsFile = join(dir, '.aws', 'credentials');
  writeFileSync(configFile, config);
  writeFileSync(credentialsFile, credentials);
  for (const k of VARS) delete process.env[k];
  process.env.HOME = dir;
  // No test may wait on (or reach) instance metadata.
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
  return {
    dir,
    configFile,
    credentialsFile,
    ssoToken(id, token) {
      const name = createHash('sha1').update(id).digest('hex');
      writeFileSync(join(dir, '.aws', 'sso', 'cache', `${name}.json`), JSON.stringify(token));
    },
    restore() {
      for (const [k, v] of saved) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
