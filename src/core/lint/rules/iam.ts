import { IAM_CALLBACK_HANDLER, IAM_LOGIN_MODULE, IAM_OAUTH_CALLBACK_HANDLER, mskHost, splitBrokers } from '../msk';
import { SIGNER_MODULE } from '../parsers/kafkajs';
import type { ClientConfig, TextEdit } from '../types';
import { docsPath, type FixAction, type Rule } from './rule';
import { get, getAll, text } from './util';

function regionOf(config: ClientConfig): string | undefined {
  for (const s of [...getAll(config, 'brokers'), ...getAll(config, 'bootstrap.servers')]) {
    for (const b of splitBrokers(s.value)) {
      const h = mskHost(b.host);
      if (h) return h.region;
    }
  }
  return undefined;
}

/** The OAUTHBEARER provider that replaces kafkajs' `mechanism: 'aws'`, indented like the line it sits on. */
function oauthProvider(indent: string, region: string | undefined, eol: string): string {
  const r = region ? `'${region}'` : `process.env.AWS_REGION ?? 'us-east-1'`;
  return [
    '{',
    `${indent}  mechanism: 'oauthbearer',`,
    `${indent}  // MSK IAM: kafkajs asks for a token on each new connection; a signed token lasts at most 15 minutes`,
    `${indent}  oauthBearerProvider: async () => {`,
    `${indent}    const { token } = await generateAuthToken({ region: ${r} });`,
    `${indent}    return { value: token };`,
    `${indent}  },`,
    `${indent}}`,
  ].join(eol);
}

// Every fix of this rule rewrites auth settings or code (a login module, a token provider, the
// protocol): each is a suggestion to review, never a preferred quick fix.
export const iam: Rule = {
  meta: {
    id: 'MSK005',
    slug: 'broken-iam-auth',
    description: 'A broken IAM setup.',
    defaultSeverity: 'error',
    docs: docsPath('MSK005'),
    messages: {
      kafkajsAws: "kafkajs mechanism: 'aws' is not MSK IAM: it sends the AWS secret key to the broker in clear, and MSK rejects it. Use OAUTHBEARER with a token from aws-msk-iam-sasl-signer-js.",
      iamClasses: 'sasl.mechanism=AWS_MSK_IAM also needs {missing} (aws-msk-iam-auth): without them the client cannot sign its login and the connection fails.',
      protocol: 'MSK IAM authentication needs security.protocol=SASL_SSL, but it is {value}: the broker drops the connection.',
      librdkafkaIam: 'librdkafka has no AWS_MSK_IAM mechanism: use sasl.mechanisms=OAUTHBEARER with an MSK IAM token callback.',
      fixKafkajs: 'Use the MSK IAM OAUTHBEARER provider (aws-msk-iam-sasl-signer-js)',
      fixClasses: 'Add the MSK IAM login module and callback handler',
      fixProtocol: 'Set security.protocol=SASL_SSL',
    },
    fixable: true,
  },
  check({ config, report }) {
    if (config.dialect === 'kafkajs') {
      const mech = get(config, 'sasl.mechanism');
      if (!mech || text(mech)?.toLowerCase() !== 'aws') return;
      const facts = config.kafkajs!;
      let fix;
      if (facts.saslObject) {
        // the replacement is indented from the `sasl` key's column
        const saslKey = get(config, 'sasl');
        const indent = ' '.repeat(saslKey ? saslKey.keyRange.start.character : facts.saslObject.start.character);
        const edits: TextEdit[] = [];
        if (!facts.hasSignerImport) {
          const stmt = facts.moduleStyle === 'esm'
            ? `import { generateAuthToken } from '${SIGNER_MODULE}';`
            : `const { generateAuthToken } = require('${SIGNER_MODULE}');`;
          edits.push({ range: { start: facts.importAt, end: facts.importAt }, newText: stmt + '\n' });
        }
        edits.push({ range: facts.saslObject, newText: oauthProvider(indent, regionOf(config), '\n') });
        const actions: FixAction[] = [{ edits }];
        if (!get(config, 'ssl') && facts.call === 'client') actions.push({ insert: 'ssl', value: true });
        fix = { titleId: 'fixKafkajs', actions, suggestion: true };
      }
      report({ messageId: 'kafkajsAws', range: mech.valueRange, fix });
      return;
    }
    const mech = get(config, 'sasl.mechanism', 'sasl.mechanisms');
    const m = text(mech)?.toUpperCase();
    if (!mech || !m) return;
    const jaas = get(config, 'sasl.jaas.config');
    const loginHandler = text(get(config, 'sasl.login.callback.handler.class')) ?? '';
    let isIam = false;
    if (m === 'AWS_MSK_IAM') {
      isIam = true;
      if (config.dialect === 'librdkafka') {
        report({ messageId: 'librdkafkaIam', range: mech.valueRange });
        return;
      }
      const cb = get(config, 'sasl.client.callback.handler.class');
      const missing: string[] = [];
      const actions: FixAction[] = [];
      if (!(text(jaas) ?? '').includes(IAM_LOGIN_MODULE) && jaas?.kind !== 'expr') {
        const value = `${IAM_LOGIN_MODULE} required;`;
        missing.push(`sasl.jaas.config=${value}`);
        actions.push(jaas ? { set: jaas, value } : { insert: 'sasl.jaas.config', value });
      }
      if (!(text(cb) ?? '').includes('IAMClientCallbackHandler') && cb?.kind !== 'expr') {
        missing.push(`sasl.client.callback.handler.class=${IAM_CALLBACK_HANDLER}`);
        actions.push(cb ? { set: cb, value: IAM_CALLBACK_HANDLER } : { insert: 'sasl.client.callback.handler.class', value: IAM_CALLBACK_HANDLER });
      }
      if (missing.length > 0) {
        report({ messageId: 'iamClasses', data: { missing: missing.join(' and ') }, range: mech.valueRange, fix: { titleId: 'fixClasses', actions, suggestion: true } });
      }
    } else if (m === 'OAUTHBEARER') {
      isIam = loginHandler.includes(IAM_OAUTH_CALLBACK_HANDLER) || (text(jaas) ?? '').includes('software.amazon.msk.auth.iam');
    }
    if (!isIam) return;
    const proto = get(config, 'security.protocol');
    if (proto && proto.kind === 'expr') return;
    const p = text(proto);
    if (p && p.toUpperCase() === 'SASL_SSL') return;
    if (proto) report({ messageId: 'protocol', data: { value: p || '(empty)' }, range: proto.valueRange, fix: { titleId: 'fixProtocol', actions: [{ set: proto, value: 'SASL_SSL' }], suggestion: true } });
    else report({ messageId: 'protocol', data: { value: 'unset (PLAINTEXT)' }, range: mech.keyRange, fix: { titleId: 'fixProtocol', actions: [{ insert: 'security.protocol', value: 'SASL_SSL' }], suggestion: true } });
  },
};
