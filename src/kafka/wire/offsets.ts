// ListOffsets through each partition's leader: earliest, latest, or the first offset at or after a time.
import { ApiKey } from '../../core/protocol/api-keys';
import { decodeListOffsets, encodeListOffsets, type ListOffsetsPartitionResult } from '../../core/protocol/client-requests';
import { ErrorCode, errorName } from '../../core/protocol/errors';
import { KafkaProtocolError, type TopicLayout, type WireClient } from './client';

/** partition -> offset (for a time with no message at or after it: -1). */
export async function listOffsets(client: WireClient, layout: TopicLayout, partitions: number[], timestamp: number): Promise<Map<number, number>> {
  const byLeader = new Map<number, number[]>();
  for (const p of partitions) {
    const leader = layout.leaders.get(p)!;
    byLeader.set(leader, [...(byLeader.get(leader) ?? []), p]);
  }
  const out = new Map<number, number>();
  await Promise.all([...byLeader].map(async ([leader, ps]) => {
    const conn = await client.broker(leader);
    const v = conn.version(ApiKey.ListOffsets);
    const res: ListOffsetsPartitionResult[] = await conn.request(ApiKey.ListOffsets, v,
      (w) => encodeListOffsets(w, v, layout.topic, ps.map((partition) => ({ partition, timestamp }))), (r) => decodeListOffsets(r, v));
    for (const r of res) {
      if (r.errorCode !== ErrorCode.NONE) {
        throw new KafkaProtocolError(r.errorCode, `ListOffsets ${layout.topic}-${r.partition}: ${errorName(r.errorCode)}${r.errorCode === ErrorCode.TOPIC_AUTHORIZATION_FAILED ? ' (the connection needs DescribeTopic and ReadData on the topic)' : ''}`);
      }
      out.set(r.partition, r.offset);
    }
  }));
  return out;
}
