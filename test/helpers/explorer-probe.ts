// The explorer's data path, run as its own process (so that it can run inside a network namespace:
// `ip netns exec NS node --import tsx test/helpers/explorer-probe.ts SPEC_JSON`): openKafka through the
// connection factory, then ClusterAdmin.overview (the tree) and describeCluster, as the explorer does.
// Prints {"brokers":[…],"topics":[…],"described":[…]}; on failure the explained message on stderr, exit 2.
import { createClusterAdmin, describeCluster, explainConnectionError, openKafka, Redactor, type ConnectionSpec } from '../../src/kafka/index';

async function main(): Promise<number> {
  const spec = JSON.parse(process.argv[2] ?? '') as ConnectionSpec;
  const redactor = new Redactor();
  const kafka = await openKafka(spec, undefined, redactor);
  const admin = createClusterAdmin(kafka);
  try {
    const overview = await admin.overview();
    const view = await describeCluster(kafka);
    process.stdout.write(JSON.stringify({
      brokers: overview.brokers.map((b) => `${b.host}:${b.port}`),
      topics: overview.topics.filter((t) => !t.internal).map((t) => t.name),
      described: view.topics.filter((t) => !t.internal).map((t) => t.name),
    }) + '\n');
    return 0;
  } catch (err) {
    process.stderr.write(`${explainConnectionError(err, spec, redactor).message}\n`);
    return 2;
  } finally {
    await admin.close();
  }
}

main().then((code) => process.exit(code), (err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(3);
});
