// Resource limits seen from outside the broker process: anonymous clients that declare huge
// frames on a SASL listener are cut off at the size, and the broker does not grow by what they send.
import { strict as assert } from 'node:assert';
import * as net from 'node:net';
import { startBrokerProcess, type BrokerProcess } from '../../helpers/broker-process';

const MiB = 1024 * 1024;

/**
 * Declares a `declared`-byte frame, then streams its body in 1 MiB writes (honouring backpressure)
 * until all is sent or the broker closes the connection. Resolves with the bytes accepted by the
 * socket and whether the broker closed it (waiting at most 3 s after the last write).
 */
function sendHugeFrame(hostPort: string, declared: number): Promise<{ written: number; closed: boolean }> {
  const [host, port] = hostPort.split(',')[0].split(':');
  return new Promise((resolve) => {
    const s = net.connect(Number(port), host);
    const chunk = Buffer.alloc(MiB, 0x41);
    let written = 0;
    let closed = false;
    let settle: NodeJS.Timeout | undefined;
    const finish = () => { clearTimeout(settle); s.destroy(); resolve({ written, closed }); };
    s.on('error', () => {});
    s.on('close', () => { closed = true; finish(); });
    const pump = () => {
      while (!closed && written < declared) {
        written += chunk.length;
        if (!s.write(chunk)) return void s.once('drain', pump);
      }
      if (!closed) settle = setTimeout(finish, 3000);
    };
    s.once('connect', () => {
      const head = Buffer.alloc(4);
      head.writeInt32BE(declared);
      s.write(head);
      pump();
    });
  });
}

describe('sandbox broker limits (broker in its own process)', function () {
  this.timeout(60000);
  let broker: BrokerProcess;
  before(async () => {
    broker = await startBrokerProcess({
      brokers: 1,
      listeners: [{ name: 'sasl_plain', security: 'SASL_PLAINTEXT', mechanisms: ['PLAIN'] }],
      users: [{ username: 'u', password: 'p' }],
    });
  });
  after(async () => broker?.stop());

  it('three unauthenticated connections that each send a 60 MiB frame are closed, and the broker does not grow by it', async () => {
    const before = await broker.rss();
    const results = await Promise.all([0, 1, 2].map(() => sendHugeFrame(broker.listeners.sasl_plain, 60 * MiB)));
    const after = await broker.rss();
    for (const r of results) {
      assert.ok(r.closed, `a connection stayed open after ${r.written} bytes`);
      assert.ok(r.written < 60 * MiB, 'closed before the body was sent, not after reading it');
    }
    const grew = (after - before) / MiB;
    // The body is never buffered: what grows is a few socket buffers, not 3 x 60 MiB.
    assert.ok(grew < 16, `broker RSS grew by ${grew.toFixed(1)} MiB (from ${(before / MiB).toFixed(1)} MiB)`);
    assert.equal(broker.logs.filter((l) => /frame size 62914560 over the 524288-byte limit before authentication/.test(l)).length, 3, broker.logs.join('\n'));
  });
});
