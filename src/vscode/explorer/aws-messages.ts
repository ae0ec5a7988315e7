// User-facing strings of the AWS part of the explorer.
export const awsMessages = {
  defaultCredentials: 'default credentials',
  profileRegion: "the profile's region",
  readOnly: 'read-only',
  connectionTooltip: (profile: string | undefined, regions: string, kind: string, readOnly: boolean) =>
    [`AWS ${profile ? `profile "${profile}"` : 'default credential chain'}`, `regions: ${regions}`, `bootstrap: ${kind}`, readOnly ? 'read-only connection' : undefined]
      .filter(Boolean).join('\n'),
  discovering: (label: string) => `Listing the MSK clusters of ${label}`,
  tooSlow: (what: string, s: number) => `${what}: the MSK API did not answer within ${s} s`,
  hintDeadline: 'Check the endpoint (msk.aws.endpoint), your network and proxy, then click to retry.',
  regionFailed: (region: string, message: string) => `${region}: ${message}`,
  noClusters: (region: string) => `No MSK clusters in ${region}`,
  noAuthModes: 'no auth modes',
  brokers: (n: number) => (n === 1 ? '1 broker' : `${n} brokers`),
  retry: 'Retry',
  noBootstrap: (message: string) => `No bootstrap servers: ${message}`,
  authNotSupported: (modes: string[]) => `${modes.join(', ')}: not supported by the explorer yet`,
  authNotSupportedDetail: (cluster: string, modes: string[], kind: string) =>
    `${cluster} offers only ${modes.join(', ')} over ${kind} access, and the explorer connects with plaintext only for now (IAM, SCRAM and TLS connections come with the auth work).`,
  authNotSupportedHint:
    'Use Copy Bootstrap Servers for the mode you need with your own client, or add a direct connection (MSK: Add Connection…) to a plaintext listener.',
  noAccess: (kind: string) => `No ${kind} bootstrap servers`,
  noAccessDetail: (cluster: string, kind: string, offered: string[]) =>
    `${cluster} has no ${kind} bootstrap strings${offered.length ? `; it offers ${offered.join(', ')}` : ''}.`,
  noAccessHint: 'Change "bootstrapKind" of this connection in msk.aws.connections (private, public or vpc), then refresh.',
  // commands
  pickProfile: 'Which AWS profile? (from the shared config and credentials files)',
  defaultChainDetail: 'AWS_PROFILE, environment variables, the default profile, container or instance credentials',
  regionsPrompt: (fallback: string | undefined) =>
    `Regions to look in, separated by commas${fallback ? ` (empty: the profile's region, ${fallback})` : ''}`,
  regionsNeeded: 'This profile sets no region: enter at least one (e.g. us-east-1).',
  badRegion: (r: string) => `"${r}" is not a region name (e.g. us-east-1, eu-west-2).`,
  pickKind: 'Which bootstrap strings should the explorer use?',
  kinds: {
    private: 'Private: inside the cluster\'s VPC (VPN, bastion, peering)',
    public: 'Public access (ports 9194–9198), when the cluster has it',
    vpc: 'Multi-VPC private connectivity',
  },
  added: (label: string) => `MSK Tools: added the AWS connection "${label}".`,
  exists: (label: string) => `An AWS connection "${label}" with these regions exists already.`,
  ssoTerminal: (profile: string | undefined) => `aws sso login${profile ? ` (${profile})` : ''}`,
  ssoStarted: (command: string) => `MSK Tools: running \`${command}\` in a terminal. Refresh the explorer once you are logged in.`,
} as const;
