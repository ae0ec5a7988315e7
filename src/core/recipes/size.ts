// The size the broker compares with a topic's max.message.bytes: that of the record batch holding
// the message. A message sent alone, uncompressed, makes a batch of the 61-byte batch header and one
// record (KIP-98 format), whose fields are varint-framed.
import type { OutgoingMessageLike } from './types';

const BATCH_HEADER = 61;

function varintBytes(n: number): number {
  // zigzag, as Kafka's record varints are signed
  let z = n >= 0 ? n * 2 : -n * 2 - 1;
  let bytes = 1;
  while (z >= 128) {
    z = Math.floor(z / 128);
    bytes++;
  }
  return bytes;
}

const utf8 = (s: string) => Buffer.byteLength(s, 'utf8');

/** The bytes of a one-record, uncompressed record batch carrying `m`. */
export function recordBatchBytes(m: OutgoingMessageLike): number {
  const key = m.key == null ? -1 : utf8(m.key);
  const value = m.value == null ? -1 : utf8(m.value);
  let body = 1 /* attributes */ + 1 /* timestamp delta 0 */ + 1 /* offset delta 0 */;
  body += varintBytes(key) + Math.max(0, key);
  body += varintBytes(value) + Math.max(0, value);
  const headers = Object.entries(m.headers ?? {});
  body += varintBytes(headers.length);
  for (const [k, v] of headers) {
    const kb = utf8(k);
    const vb = utf8(v);
    body += varintBytes(kb) + kb + varintBytes(vb) + vb;
  }
  return BATCH_HEADER + varintBytes(body) + body;
}
