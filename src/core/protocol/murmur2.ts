// Kafka's murmur2 (org.apache.kafka.common.utils.Utils.murmur2) and the partition the Java client's
// default partitioner gives a keyed record: toPositive(murmur2(key)) % partitions. kafkajs's
// DefaultPartitioner and librdkafka's murmur2_random give the same, so a key lands on the same
// partition whichever of these clients wrote it.

const M = 0x5bd1e995;
const SEED = 0x9747b28c;

/** murmur2 of the bytes, as Java's signed 32-bit int. */
export function murmur2(data: Uint8Array): number {
  const length = data.length;
  let h = SEED ^ length;
  const length4 = length >>> 2;
  for (let i = 0; i < length4; i++) {
    const i4 = i * 4;
    let k = data[i4] | (data[i4 + 1] << 8) | (data[i4 + 2] << 16) | (data[i4 + 3] << 24);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
  }
  const tail = length & ~3;
  const rest = length % 4;
  if (rest === 3) h ^= data[tail + 2] << 16;
  if (rest >= 2) h ^= data[tail + 1] << 8;
  if (rest >= 1) {
    h ^= data[tail];
    h = Math.imul(h, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

/** The partition of a keyed record under the Java client's default partitioner. */
export function keyPartition(key: Uint8Array, partitions: number): number {
  return (murmur2(key) & 0x7fffffff) % partitions;
}
