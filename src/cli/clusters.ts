// `msk-tools clusters`: the MSK clusters of a profile (or default credentials) in its regions,
// with their bootstrap strings per auth mode. Exit 0 when everything was read, 2 when a region
// or a cluster's bootstrap strings could not be (the output still shows the rest).
import type { Command } from 'commander';
import { EXIT } from './errors';
import { collect, parseFormat, table } from './table';
import type { AwsError, RegionDiscovery } from '../aws/index';

interface ClustersOptions {
  profile?: string;
  region?: string[];
  endpoint?: string;
  format?: string;
}

/** The JSON of an error: stable field names (README, "JSON output"). */
function errorJson(e: AwsError): Record<string, unknown> {
  return { code: e.code, message: e.message, hint: e.hint, ...(e.iamAction ? { iamAction: e.iamAction } : {}), ...(e.action ? { action: e.action.command } : {}) };
}

export function clustersJson(profile: string | undefined, endpoint: string | undefined, regions: RegionDiscovery[]): unknown {
  return {
    profile: profile ?? null,
    endpoint: endpoint ?? null,
    regions: regions.map((r) => ({ region: r.region, clusters: r.clusters.length, error: r.error ? errorJson(r.error) : null })),
    clusters: regions.flatMap((r) =>
      r.clusters.map((c) => ({
        name: c.name,
        arn: c.arn,
        region: c.region || r.region,
        type: c.type,
        state: c.state,
        kafkaVersion: c.kafkaVersion ?? null,
        authModes: c.authModes,
        brokerCount: c.brokerCount ?? null,
        instanceType: c.instanceType ?? null,
        storageGiB: c.storageGiB ?? null,
        publicAccess: c.publicAccess,
        bootstrap: c.bootstrap.map((b) => ({ authMode: b.authMode, access: b.access, brokers: b.brokers })),
        bootstrapError: c.bootstrapError ? errorJson(c.bootstrapError) : null,
      })),
    ),
  };
}

export function clustersText(regions: RegionDiscovery[]): string {
  let out = '';
  for (const r of regions) {
    if (r.error) {
      out += `${r.region}: ${r.error.message}\n  ${r.error.hint}\n`;
      continue;
    }
    if (r.clusters.length === 0) out += `${r.region}: no MSK clusters\n`;
    for (const c of r.clusters) {
      const facts = [c.type, c.state, c.kafkaVersion && `Kafka ${c.kafkaVersion}`, c.brokerCount !== undefined && `${c.brokerCount} brokers`, `auth: ${c.authModes.join(', ') || 'none'}`].filter(Boolean);
      out += `${c.name}  (${r.region})  ${facts.join(' · ')}\n  ${c.arn}\n`;
      if (c.bootstrapError) out += `  bootstrap: ${c.bootstrapError.message} ${c.bootstrapError.hint}\n`;
      else if (c.bootstrap.length > 0) {
        out += table(['  AUTH', 'ACCESS', 'BOOTSTRAP'], c.bootstrap.map((b) => [`  ${b.authMode}`, b.access, b.brokers]));
      }
    }
  }
  return out;
}

export function registerClusters(program: Command): void {
  program
    .command('clusters')
    .description('list MSK clusters in your AWS profiles and regions, with their bootstrap strings per auth mode')
    .option('--profile <name>', 'AWS profile from ~/.aws/config or ~/.aws/credentials (default: the default credential chain)')
    .option('--region <region>', 'region to look in; repeat for several (default: the profile\'s region)', collect)
    .option('--endpoint <url>', 'MSK API endpoint, e.g. the local sandbox\'s emulator (http://127.0.0.1:14566)')
    .option('--format <format>', 'text or json', 'text')
    .action(async (opts: ClustersOptions) => {
      const format = parseFormat(opts.format);
      const { AwsConnection, AwsError } = await import('../aws/index');
      let regions: RegionDiscovery[];
      try {
        const conn = await AwsConnection.open({ profile: opts.profile, regions: opts.region, endpoint: opts.endpoint });
        try {
          regions = await conn.discover();
        } finally {
          conn.dispose();
        }
      } catch (err) {
        if (err instanceof AwsError) {
          process.stderr.write(`msk-tools: ${err.message}\n  ${err.hint}\n`);
          process.exitCode = EXIT.usage;
          return;
        }
        throw err;
      }
      process.stdout.write(format === 'json' ? JSON.stringify(clustersJson(opts.profile, opts.endpoint, regions), null, 2) + '\n' : clustersText(regions));
      const failed = regions.some((r) => r.error) || regions.some((r) => r.clusters.some((c) => c.bootstrapError));
      process.exitCode = failed ? EXIT.usage : EXIT.ok;
    });
}
