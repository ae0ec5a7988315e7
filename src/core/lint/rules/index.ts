import { acks } from './acks';
import { iam } from './iam';
import { idempotence } from './idempotence';
import { idempotenceCompanions } from './idempotence-companions';
import { messageSize } from './message-size';
import { ports } from './ports';
import type { Rule } from './rule';
import { transactions } from './transactions';

/** Every rule, in id order. */
export const rules: readonly Rule[] = [idempotence, acks, messageSize, idempotenceCompanions, iam, ports, transactions];

export type { Rule, RuleMeta } from './rule';
