// User-facing strings of the explorer.
export const explorerMessages = {
  brokers: (n: number) => `Brokers (${n})`,
  topics: (n: number) => `Topics (${n})`,
  groups: (n: number) => `Consumer groups (${n})`,
  broker: (id: number) => `Broker ${id}`,
  controller: 'controller',
  partitions: (n: number) => (n === 1 ? '1 partition' : `${n} partitions`),
  partition: (p: number) => `Partition ${p}`,
  partitionDetail: (leader: number, replicas: number[], isr: number[]) =>
    `leader ${leader} · replicas ${replicas.join(',')} · isr ${isr.join(',')}`,
  unreachable: (detail: string) => `Cannot reach the cluster: ${detail}`,
  unreachableHint:
    'Check the bootstrap address and that this machine can reach the brokers (MSK brokers live in a VPC: use a VPN, a bastion, or public access). Then refresh the explorer.',
  loading: 'Loading…',
} as const;
