// The demo sandbox with the explorer's ClusterAdmin pointed at it, plus a separate kafkajs admin
// that tests check the effects with (so no effect is checked through the code under test).
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index';
import { createKafka } from '../../src/kafka/connection';
import { ClusterAdmin } from '../../src/kafka/admin';

export interface SandboxAdmin {
  sb: RunningSandbox;
  /** A plain kafkajs admin, connected. */
  check: Admin;
  /** The client under test. */
  client: ClusterAdmin;
  /** Closes the client, then the check admin, then the sandbox. */
  stop(): Promise<void>;
}

export async function startSandboxAdmin(): Promise<SandboxAdmin> {
  const sb = await startSandbox({ seed: 'demo' });
  const check = new Kafka({ brokers: sb.bootstrap.split(','), logLevel: logLevel.NOTHING }).admin();
  try {
    await check.connect();
  } catch (err) {
    await sb.stop();
    throw err;
  }
  const client = new ClusterAdmin(createKafka({ name: 't', bootstrap: sb.bootstrap }));
  return {
    sb,
    check,
    client,
    async stop() {
      await client.close();
      await check.disconnect();
      await sb.stop();
    },
  };
}
