// An AWS connection: a profile (or default credentials) and the regions it covers. It owns one
// credential provider and one MskControlPlane per region, reused across refreshes, and disposes
// them with itself.
import { AwsError, classifyAwsError } from './errors';
import { connectionRegions, resolveCredentials, type ResolvedCredentials } from './credentials';
import { MskControlPlane, type DiscoveredCluster } from './msk';
import type { SharedFiles } from './profiles';

export interface AwsConnectionSpec {
  /** A named profile; undefined for default credentials. */
  profile?: string;
  /** Regions to look in; default: the profile's region. */
  regions?: string[];
  /** The MSK API endpoint override (msk.aws.endpoint, --endpoint). */
  endpoint?: string;
  /** Shared files to read instead of AWS_CONFIG_FILE / … (tests). */
  files?: Partial<SharedFiles>;
  maxAttempts?: number;
  pageSize?: number;
}

export interface RegionDiscovery {
  region: string;
  clusters: DiscoveredCluster[];
  /** Set when the region could not be listed; other regions are unaffected. */
  error?: AwsError;
}

export class AwsConnection {
  private readonly planes = new Map<string, MskControlPlane>();

  private constructor(
    readonly spec: AwsConnectionSpec,
    readonly credentials: ResolvedCredentials,
    readonly regions: string[],
  ) {}

  /** Resolves the profile and the regions; throws AwsError (no-region) when no region is known. */
  static async open(spec: AwsConnectionSpec): Promise<AwsConnection> {
    const credentials = await resolveCredentials({ profile: spec.profile, files: spec.files });
    if (spec.profile && !credentials.profile) {
      throw classifyAwsError(Object.assign(new Error(`Profile ${spec.profile} could not be found`), { name: 'CredentialsProviderError' }), {
        profile: spec.profile,
        files: credentials.files,
      });
    }
    const regions = connectionRegions(spec.regions, credentials.profile);
    if (regions.length === 0) {
      throw new AwsError(
        'no-region',
        `No AWS region for ${spec.profile ? `profile "${spec.profile}"` : 'default credentials'}: none was given and the profile sets none.`,
        'Add `region = …` to the profile, or give the connection a region (--region R).',
        { profile: spec.profile },
      );
    }
    return new AwsConnection(spec, credentials, regions);
  }

  controlPlane(region: string): MskControlPlane {
    let plane = this.planes.get(region);
    if (!plane) {
      plane = new MskControlPlane({
        region,
        credentials: this.credentials.provider,
        endpoint: this.spec.endpoint,
        maxAttempts: this.spec.maxAttempts,
        pageSize: this.spec.pageSize,
        profile: this.credentials.profileName ?? this.credentials.profile?.name,
        ssoProfile: this.credentials.profile?.kind === 'sso',
      });
      this.planes.set(region, plane);
    }
    return plane;
  }

  /** Every region's clusters with bootstrap strings; a failing region carries its error. */
  discover(): Promise<RegionDiscovery[]> {
    return Promise.all(
      this.regions.map(async (region): Promise<RegionDiscovery> => {
        try {
          return { region, clusters: await this.controlPlane(region).discover() };
        } catch (err) {
          return { region, clusters: [], error: classifyAwsError(err, { region }) };
        }
      }),
    );
  }

  dispose(): void {
    for (const p of this.planes.values()) p.dispose();
    this.planes.clear();
  }
}
