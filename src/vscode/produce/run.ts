// One produce run from the window, whatever the source (a recipe block, a JSON or JSONL file, the
// viewer's "produce again"): every message is checked against the topic's max.message.bytes first;
// an oversize one is reported by its place in the source and nothing is sent unless the user
// chooses to send the rest. The run shows progress with cancel; the result gives each message's
// partition and offset, or a per-partition summary for many, and a cancelled run says what was sent.
import * as vscode from 'vscode';
import type { ConnectionSpec, OutgoingMessage, ProducedResult } from '../../kafka/index';
import { describePlacement } from '../../core/viewer/produce-summary';
import { dataMessages as m } from '../viewer/messages';

type KafkaChunk = typeof import('../../kafka/index');
let kafkaChunk: Promise<KafkaChunk> | undefined;
export const loadKafka = () => (kafkaChunk ??= import('../../kafka/index'));

export interface SourcedMessage {
  message: OutgoingMessage;
  /** Where it comes from, for the user: "orders.msk:12", "events.jsonl:3", "message 4". */
  where: string;
}

export interface ProduceRun {
  spec: ConnectionSpec;
  topic: string;
  messages: SourcedMessage[];
  log: vscode.LogOutputChannel;
  /** The answer to the oversize question, for callers that cannot click (tests): default ask. */
  oversize?: 'sendRest' | 'cancel';
  /** Default true (idempotent, acks=all). */
  idempotent?: boolean;
}

export interface ProduceReport {
  topic: string;
  total: number;
  /** Results with `index` into the run's messages. */
  results: ProducedResult[];
  cancelled: boolean;
  /** Indexes left out for being too large. */
  oversize: number[];
  maxMessageBytes: number;
  /** What the user was told. */
  summary: string;
}

const LIST_OVERSIZE = 5;

export async function runProduce(run: ProduceRun): Promise<ProduceReport> {
  const k = await loadKafka();
  const { spec, topic, messages, log } = run;
  if (!messages.length) throw new Error(m.noMessages);
  const maxMessageBytes = await k.topicMaxMessageBytes(spec, topic);
  const over = await k.oversizeMessages(messages.map((s) => s.message), maxMessageBytes);
  const base = { topic, total: messages.length, maxMessageBytes, oversize: over.map((o) => o.index) };
  let send = messages.map((s, i) => ({ ...s, index: i }));
  if (over.length) {
    const bad = new Set(over.map((o) => o.index));
    const where = over.slice(0, LIST_OVERSIZE).map((o) => `${messages[o.index].where} (${o.size.toLocaleString('en-US')} bytes)`);
    const question = m.oversize(over.length, maxMessageBytes, where, over.length - where.length);
    log.warn(`produce to ${topic}: ${question}`);
    const rest = messages.length - over.length;
    let go = run.oversize === 'sendRest' && rest > 0;
    if (run.oversize === undefined && rest > 0) {
      const button = m.sendRest(rest);
      go = (await vscode.window.showWarningMessage(question, { modal: true }, button)) === button;
    } else if (run.oversize === undefined) {
      void vscode.window.showErrorMessage(question);
    }
    if (!go) {
      const summary = `${question} ${m.nothingSent(topic)}`;
      return { ...base, results: [], cancelled: true, summary };
    }
    send = send.filter((s) => !bad.has(s.index));
  }
  const outcome = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: m.sending(topic), cancellable: true },
    async (progress, token) => {
      const abort = new AbortController();
      const sub = token.onCancellationRequested(() => abort.abort());
      let reported = 0;
      try {
        return await k.produce(spec, send.map((s) => s.message), {
          topic, idempotent: run.idempotent ?? true, signal: abort.signal, maxMessageBytes,
          onProgress: (sent, total) => {
            const inc = ((sent - reported) / total) * 100;
            reported = sent;
            progress.report({ message: m.progress(sent, total), increment: inc });
          },
        });
      } finally {
        sub.dispose();
      }
    },
  );
  // results come indexed into what was sent: back to the run's own positions
  const results = outcome.results.map((r) => ({ ...r, index: send[r.index].index })).sort((a, b) => a.index - b.index);
  const where = describePlacement(results, { one: m.partitionOffset, span: m.partitionSpan });
  let summary = outcome.cancelled ? m.cancelledRun(results.length, send.length, topic, where) : m.sent(results.length, topic, where);
  if (over.length) summary += m.skippedOversize(over.length);
  log.info(`produce to ${topic}: ${summary}`);
  for (const r of results.slice(0, 1000)) log.debug(`  ${messages[r.index].where} → partition ${r.partition} offset ${r.offset}`);
  if (outcome.cancelled) void vscode.window.showWarningMessage(summary);
  else void vscode.window.showInformationMessage(summary);
  return { ...base, results, cancelled: outcome.cancelled, summary };
}
