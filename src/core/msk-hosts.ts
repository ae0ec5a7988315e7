// What MSK broker host names say: b-1.<cluster>.<id>.c2.kafka.<region>.amazonaws.com (provisioned),
// boot-<id>.c2.kafka-serverless.<region>.amazonaws.com (serverless), and the public-access form
// b-1-public.…; China regions end in amazonaws.com.cn.
const MSK_HOST = /\.kafka(?:-serverless)?\.([a-z]{2}(?:-[a-z]+)+-\d+)\.amazonaws\.com(?:\.cn)?$/i;

/** The AWS region of an MSK broker host name, or undefined for any other name. */
export function mskHostRegion(host: string): string | undefined {
  return MSK_HOST.exec(host.trim().replace(/\.$/, ''))?.[1]?.toLowerCase();
}

/** The region the brokers of a bootstrap string ("host:port,…") name, when they all agree on one. */
export function bootstrapRegion(bootstrap: string): string | undefined {
  const regions = new Set(
    bootstrap.split(',').map((b) => b.trim()).filter(Boolean).map((b) => mskHostRegion(b.replace(/:\d+$/, ''))),
  );
  if (regions.size !== 1) return undefined;
  return [...regions][0];
}
