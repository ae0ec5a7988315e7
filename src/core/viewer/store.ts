// The viewer's bounded message store with a filtered index. Messages are kept as peek gave them,
// up to a number of messages and a number of bytes; a filter builds an index of matching positions
// once (Uint32Array), new messages are tested as they arrive, so a window of rows is a slice of the
// index and never a rescan.
import { compileFilter, type CompiledFilter, type FilterProblem, type FilterSpec, type ViewerMessage } from './filter';

export interface StoreCaps {
  maxMessages: number;
  maxBytes: number;
}

/** Bytes a message holds in memory: its buffers and a fixed allowance for the objects around them. */
export function messageBytes(m: ViewerMessage): number {
  let n = 96 + (m.key?.length ?? 0) + (m.value?.length ?? 0) + (m.schema ? 64 + (m.schema.json?.length ?? 0) * 3 : 0);
  for (const h of m.headers) n += 48 + h.key.length * 2 + (h.value?.length ?? 0);
  return n;
}

class IndexList {
  data = new Uint32Array(1024);
  length = 0;
  push(i: number): void {
    if (this.length === this.data.length) {
      const next = new Uint32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = i;
  }
  clear(): void {
    this.length = 0;
  }
}

export interface AddResult {
  added: number;
  /** The store reached a cap: the rest of the batch (and any later one) was not kept. */
  full: boolean;
}

export class MessageStore {
  private readonly all: ViewerMessage[] = [];
  private bytesHeld = 0;
  private isFull = false;
  private filter: CompiledFilter | undefined;
  private spec: FilterSpec = {};
  /** Positions matching everything but the time range (what the timeline counts). */
  private readonly base = new IndexList();
  /** Positions matching everything: the rows shown. */
  private readonly shown = new IndexList();
  private minTs = Infinity;
  private maxTs = -Infinity;
  private readonly partitionSet = new Set<number>();
  private pass: { next: number } | undefined;

  constructor(readonly topic: string, private caps: StoreCaps) {}

  get size(): number { return this.all.length; }
  get bytes(): number { return this.bytesHeld; }
  get full(): boolean { return this.isFull; }
  get filteredCount(): number { return this.shown.length; }
  get filterSpec(): FilterSpec { return this.spec; }
  get partitions(): number[] { return [...this.partitionSet].sort((a, b) => a - b); }
  /** Oldest and newest timestamps held (undefined when empty). */
  get timeBounds(): { min: number; max: number } | undefined {
    return this.all.length ? { min: this.minTs, max: this.maxTs } : undefined;
  }

  add(batch: readonly ViewerMessage[]): AddResult {
    let added = 0;
    for (const m of batch) {
      const b = messageBytes(m);
      if (this.all.length >= this.caps.maxMessages || this.bytesHeld + b > this.caps.maxBytes) {
        this.isFull = true;
        break;
      }
      const i = this.all.length;
      this.all.push(m);
      this.bytesHeld += b;
      added++;
      if (m.timestamp < this.minTs) this.minTs = m.timestamp;
      if (m.timestamp > this.maxTs) this.maxTs = m.timestamp;
      this.partitionSet.add(m.partition);
      this.index(i, m);
    }
    return { added, full: this.isFull };
  }

  private index(i: number, m: ViewerMessage): void {
    // a filter pass under way reaches this message itself
    if (this.pass) return;
    this.indexNow(i, m);
  }

  private indexNow(i: number, m: ViewerMessage): void {
    const f = this.filter;
    if (!f) {
      this.base.push(i);
      this.shown.push(i);
      return;
    }
    if (!f.matchesExceptTime(m, this.topic)) return;
    this.base.push(i);
    if (f.inTime(m)) this.shown.push(i);
  }

  /** Applies a filter to everything held at once; returns the problems instead when it cannot be used (the old filter stays). */
  setFilter(spec: FilterSpec): FilterProblem[] {
    const problems = this.startFilter(spec);
    if (!problems.length) while (!this.stepFilter(Infinity, () => 0));
    return problems;
  }

  /**
   * Starts applying a filter: the shown set empties and fills again as stepFilter runs, so a caller
   * can spread the work over several turns of its event loop. Messages added meanwhile are covered.
   */
  startFilter(spec: FilterSpec): FilterProblem[] {
    const compiled = compileFilter(spec);
    if ('problems' in compiled) return compiled.problems;
    this.spec = spec;
    this.filter = compiled.empty ? undefined : compiled;
    this.base.clear();
    this.shown.clear();
    this.pass = { next: 0 };
    return [];
  }

  /** True while a filter pass is not finished. */
  get filtering(): boolean {
    return this.pass !== undefined;
  }

  /** Runs the filter pass for about `budgetMs` (by the `now` clock given); true when it is done. */
  stepFilter(budgetMs: number, now: () => number): boolean {
    const pass = this.pass;
    if (!pass) return true;
    const until = now() + budgetMs;
    while (pass.next < this.all.length) {
      const end = Math.min(this.all.length, pass.next + 512);
      for (let i = pass.next; i < end; i++) this.indexNow(i, this.all[i]);
      pass.next = end;
      if (now() >= until) break;
    }
    if (pass.next < this.all.length) return false;
    this.pass = undefined;
    return true;
  }

  /** Raises or lowers the caps (a setting changed); a store that fits again is no longer full. */
  setCaps(caps: StoreCaps): void {
    this.caps = caps;
    this.isFull = this.all.length >= caps.maxMessages || this.bytesHeld >= caps.maxBytes;
  }

  /** The i-th shown message (in arrival order). */
  shownAt(i: number): ViewerMessage | undefined {
    return i >= 0 && i < this.shown.length ? this.all[this.shown.data[i]] : undefined;
  }

  /** Shown messages [start, end). */
  *shownRange(start = 0, end = this.shown.length): Generator<ViewerMessage> {
    const e = Math.min(end, this.shown.length);
    for (let i = Math.max(0, start); i < e; i++) yield this.all[this.shown.data[i]];
  }

  /** Timestamps of the messages that pass every filter but the time range. */
  *baseTimestamps(): Generator<number> {
    for (let i = 0; i < this.base.length; i++) yield this.all[this.base.data[i]].timestamp;
  }

  /** The next offset to read per partition (one past the last one held), for resuming. */
  nextOffsets(): Map<number, number> {
    const next = new Map<number, number>();
    for (const m of this.all) if ((next.get(m.partition) ?? -1) < m.offset + 1) next.set(m.partition, m.offset + 1);
    return next;
  }

  clear(): void {
    this.all.length = 0;
    this.bytesHeld = 0;
    this.isFull = false;
    this.base.clear();
    this.shown.clear();
    this.minTs = Infinity;
    this.maxTs = -Infinity;
    this.partitionSet.clear();
    this.pass = undefined;
  }
}
