// The MSK emulator's sandbox clusters (states, pages, public access, multi-VPC), its failures
// on demand per access key id, and its 400 answers to malformed requests, through raw HTTP and
// the real @aws-sdk/client-kafka.
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import {
  BadRequestException,
  GetBootstrapBrokersCommand,
  KafkaClient,
  ListClustersV2Command,
  paginateListClustersV2,
  TooManyRequestsException,
} from '@aws-sdk/client-kafka';
import { SANDBOX_FAULT_KEYS, SANDBOX_PAGE_SIZE, sandboxClusterConfigs, startMskApi, MAX_BODY_BYTES } from '../../../src/sandbox/msk-api';
import type { MskApiHandle } from '../../../src/sandbox/msk-api';

const listeners = {
  plaintext: '127.0.0.1:19092,127.0.0.1:19093',
  tls: '127.0.0.1:19192,127.0.0.1:19193',
  sasl_scram: '127.0.0.1:19292,127.0.0.1:19293',
  sasl_iam: '127.0.0.1:19392,127.0.0.1:19393',
};
const brokers = [
  { id: 1, host: '127.0.0.1', port: 19092 },
  { id: 2, host: '127.0.0.1', port: 19093 },
];

/** A raw request, as a hostile or buggy client would send it (no SDK escaping). */
function raw(endpoint: string, method: string, path: string, body?: Buffer | string): Promise<{ status: number; type?: string; body: { message?: string } }> {
  const url = new URL(endpoint);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, method, path, headers: body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, type: res.headers['x-amzn-errortype'] as string | undefined, body: text ? (JSON.parse(text) as { message?: string }) : {} });
      });
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

describe('sandbox MSK emulator: showcase clusters, faults on demand, malformed requests', function () {
  this.timeout(30000);
  let api: MskApiHandle;
  const client = (accessKeyId = 'test', maxAttempts = 1) =>
    new KafkaClient({ endpoint: api.endpoint, region: 'us-east-1', credentials: { accessKeyId, secretAccessKey: 'x' }, maxAttempts });

  before(async () => {
    api = await startMskApi({ defaultPageSize: SANDBOX_PAGE_SIZE, clusters: sandboxClusterConfigs({ brokers, listeners }) });
  });
  after(async () => {
    await api?.stop();
  });

  it('pages ListClustersV2 at the sandbox page size and shows every state the explorer draws', async () => {
    const c = client();
    try {
      const first = await c.send(new ListClustersV2Command({}));
      assert.equal(first.ClusterInfoList?.length, SANDBOX_PAGE_SIZE);
      assert.ok(first.NextToken, 'more than one page');
      const all = [];
      let pages = 0;
      for await (const page of paginateListClustersV2({ client: c }, {})) {
        pages++;
        all.push(...(page.ClusterInfoList ?? []));
      }
      assert.equal(pages, 2);
      assert.deepEqual(all.map((x) => [x.ClusterName, x.ClusterType, x.State]), [
        ['msk-sandbox', 'PROVISIONED', 'ACTIVE'],
        ['msk-sandbox-serverless', 'SERVERLESS', 'ACTIVE'],
        ['msk-sandbox-public', 'PROVISIONED', 'ACTIVE'],
        ['msk-sandbox-creating', 'PROVISIONED', 'CREATING'],
        ['msk-sandbox-updating', 'PROVISIONED', 'UPDATING'],
        ['msk-sandbox-healing', 'PROVISIONED', 'HEALING'],
      ]);
      // MaxResults still works up to MSK's 100.
      const big = await c.send(new ListClustersV2Command({ MaxResults: 100 }));
      assert.equal(big.ClusterInfoList?.length, 6);
      assert.equal(big.NextToken, undefined);
    } finally {
      c.destroy();
    }
  });

  it('the public-access cluster returns public and multi-VPC bootstrap strings', async () => {
    const c = client();
    try {
      const list = await c.send(new ListClustersV2Command({ ClusterNameFilter: 'msk-sandbox-public' }));
      const info = list.ClusterInfoList?.[0];
      assert.equal(info?.Provisioned?.BrokerNodeGroupInfo?.ConnectivityInfo?.PublicAccess?.Type, 'SERVICE_PROVIDED_EIPS');
      assert.equal(info?.Provisioned?.BrokerNodeGroupInfo?.ConnectivityInfo?.VpcConnectivity?.ClientAuthentication?.Sasl?.Iam?.Enabled, true);
      assert.equal(info?.Provisioned?.ClientAuthentication?.Unauthenticated?.Enabled, true);
      assert.equal(info?.Provisioned?.EncryptionInfo?.EncryptionInTransit?.ClientBroker, 'TLS');
      const b = await c.send(new GetBootstrapBrokersCommand({ ClusterArn: info.ClusterArn }));
      assert.equal(b.BootstrapBrokerString, undefined, 'public access needs TLS in transit: no plaintext');
      assert.equal(b.BootstrapBrokerStringPublicTls, listeners.tls);
      assert.equal(b.BootstrapBrokerStringPublicSaslScram, listeners.sasl_scram);
      assert.equal(b.BootstrapBrokerStringPublicSaslIam, listeners.sasl_iam);
      assert.equal(b.BootstrapBrokerStringVpcConnectivitySaslScram, listeners.sasl_scram);
      assert.equal(b.BootstrapBrokerStringVpcConnectivitySaslIam, listeners.sasl_iam);
      assert.equal(b.BootstrapBrokerStringVpcConnectivityTls, undefined);
    } finally {
      c.destroy();
    }
  });

  it('answers AccessDenied naming the IAM action for the denied key, only on the denied operation for the bootstrap key', async () => {
    const denied = client(SANDBOX_FAULT_KEYS.accessDenied);
    const noBoot = client(SANDBOX_FAULT_KEYS.bootstrapDenied);
    try {
      await assert.rejects(denied.send(new ListClustersV2Command({})), (err: Error & { $metadata?: { httpStatusCode?: number } }) => {
        assert.equal(err.name, 'AccessDeniedException');
        assert.equal(err.$metadata?.httpStatusCode, 403);
        assert.match(err.message, /not authorized to perform: kafka:ListClustersV2/);
        return true;
      });
      const list = await noBoot.send(new ListClustersV2Command({}));
      assert.ok(list.ClusterInfoList?.length);
      await assert.rejects(noBoot.send(new GetBootstrapBrokersCommand({ ClusterArn: list.ClusterInfoList[0].ClusterArn })), /kafka:GetBootstrapBrokers/);
    } finally {
      denied.destroy();
      noBoot.destroy();
    }
  });

  it('answers ExpiredToken for the expired key', async () => {
    const c = client(SANDBOX_FAULT_KEYS.expiredToken);
    try {
      await assert.rejects(c.send(new ListClustersV2Command({})), (err: Error & { $metadata?: { httpStatusCode?: number } }) => {
        assert.equal(err.name, 'ExpiredTokenException');
        assert.equal(err.$metadata?.httpStatusCode, 403);
        assert.match(err.message, /security token included in the request is expired/);
        return true;
      });
    } finally {
      c.destroy();
    }
  });

  it('throttles: the SDK retries the alternate key to success, and gives up on the always-throttled key', async () => {
    const once = client(SANDBOX_FAULT_KEYS.throttledOnce, 3);
    const always = client(SANDBOX_FAULT_KEYS.throttled, 2);
    try {
      const out = await once.send(new ListClustersV2Command({}));
      assert.equal(out.$metadata.attempts, 2, 'one throttled attempt, one retry');
      await assert.rejects(always.send(new ListClustersV2Command({})), (err: TooManyRequestsException) => {
        assert.ok(err instanceof TooManyRequestsException, String(err));
        assert.equal(err.$metadata.httpStatusCode, 429);
        assert.equal(err.$metadata.attempts, 2);
        return true;
      });
    } finally {
      once.destroy();
      always.destroy();
    }
  });

  it('answers 400 BadRequestException, not 500, for a malformed percent-encoding in the path (raw HTTP)', async () => {
    for (const path of ['/api/v2/clusters/%E0%A4%A', '/v1/clusters/%/bootstrap-brokers', '/v1/clusters/arn%3Aaws%ZZ/nodes']) {
      const res = await raw(api.endpoint, 'GET', path);
      assert.equal(res.status, 400, path);
      assert.equal(res.type, 'BadRequestException');
      assert.match(res.body.message ?? '', /malformed percent-encoding/);
    }
  });

  it('answers 400 for a malformed or oversized body (raw HTTP), and the SDK raises BadRequestException', async () => {
    const bad = await raw(api.endpoint, 'GET', '/api/v2/clusters', '{"not json');
    assert.equal(bad.status, 400);
    assert.equal(bad.type, 'BadRequestException');
    assert.match(bad.body.message ?? '', /not valid JSON/);
    const arr = await raw(api.endpoint, 'GET', '/api/v2/clusters', '[1,2]');
    assert.equal(arr.status, 400);
    assert.match(arr.body.message ?? '', /JSON object/);
    const big = await raw(api.endpoint, 'GET', '/api/v2/clusters', Buffer.alloc(MAX_BODY_BYTES + 10, 0x20));
    assert.equal(big.status, 400);
    assert.match(big.body.message ?? '', /larger than/);
    // A valid JSON body on a read call is ignored.
    const ok = await raw(api.endpoint, 'GET', '/api/v2/clusters', '{}');
    assert.equal(ok.status, 200);

    // Through the SDK: a ClusterArn whose percent-encoding the emulator cannot decode.
    const c = client();
    try {
      c.middlewareStack.add(
        (next) => async (args) => {
          const req = args.request as { path: string };
          req.path = req.path.replace(/bootstrap-brokers$/, '').replace(/arn%3A/, 'arn%E0%A4') + 'bootstrap-brokers';
          return next(args);
        },
        { step: 'finalizeRequest', name: 'breakPercentEncoding' },
      );
      await assert.rejects(c.send(new GetBootstrapBrokersCommand({ ClusterArn: api.clusterArns[0] })), (err: BadRequestException) => {
        assert.ok(err instanceof BadRequestException, String(err));
        assert.equal(err.$metadata.httpStatusCode, 400);
        assert.match(err.message, /malformed percent-encoding/);
        return true;
      });
    } finally {
      c.destroy();
    }
  });
});
