// MSK003 for recipes: a block whose message, filled in with sample values (the longest the arguments
// allow), makes a record batch larger than its topic's max.message.bytes on a cluster the editor has
// read. The rule's id, severity and doc page are the linter's (src/core/lint/rules/message-size.ts).
import { messageSize } from '../lint/rules/message-size';
import type { ConnectedCluster } from '../lint/settings';
import type { Severity } from '../lint/types';
import { sampleMessage } from './expand';
import { recordBatchBytes } from './size';
import type { ParsedRecipe, Range } from './types';

export const OVERSIZE_RULE = messageSize.meta;

export interface OversizeFinding {
  ruleId: string;
  severity: Severity;
  message: string;
  /** The block's value, or its topic when it has no value. */
  range: Range;
  blockIndex: number;
  bytes: number;
  limit: number;
  topic: string;
  cluster: string;
}

/** The blocks too large for their topic on a connected cluster (the smallest limit among those that have the topic). */
export function oversizeFindings(recipe: ParsedRecipe, clusters: readonly ConnectedCluster[]): OversizeFinding[] {
  const out: OversizeFinding[] = [];
  if (clusters.length === 0) return out;
  for (const b of recipe.blocks) {
    if (!b.topic || b.hasErrors) continue;
    let tightest: { cluster: string; limit: number } | undefined;
    for (const c of clusters) {
      const limit = Object.prototype.hasOwnProperty.call(c.topicMaxMessageBytes, b.topic) ? c.topicMaxMessageBytes[b.topic] : undefined;
      if (typeof limit === 'number' && (!tightest || limit < tightest.limit)) tightest = { cluster: c.name, limit };
    }
    if (!tightest) continue;
    const m = sampleMessage(b);
    if (!m) continue;
    const bytes = recordBatchBytes(m);
    if (bytes <= tightest.limit) continue;
    out.push({
      ruleId: OVERSIZE_RULE.id,
      severity: OVERSIZE_RULE.defaultSeverity,
      message: `this message makes a record batch of ${bytes} bytes (with sample values for its templates), above the max.message.bytes of topic ${b.topic} on ${tightest.cluster} (${tightest.limit} bytes): the broker rejects it with MESSAGE_TOO_LARGE. Shorten the message, or raise the topic's max.message.bytes first.`,
      range: b.value?.range ?? b.topicRange ?? b.range,
      blockIndex: b.index,
      bytes,
      limit: tightest.limit,
      topic: b.topic,
      cluster: tightest.cluster,
    });
  }
  return out;
}
