// Fault injection for tests: drop connections, delay responses, answer with chosen error codes.
// The server consults decide() once per request, before the handler runs.

export interface FaultDecision {
  /** 'before': close without handling; 'after': handle (side effects happen), then close without answering. */
  drop?: 'before' | 'after';
  delayMs?: number;
  forcedError?: number;
}

interface DropRule { kind: 'drop'; apiKey?: number; brokerId?: number; skip: number; times: number; when: 'before' | 'after' }
interface DelayRule { kind: 'delay'; apiKey?: number; brokerId?: number; ms: number; times: number }
interface ErrorRule { kind: 'error'; apiKey: number; brokerId?: number; code: number; times: number }
type Rule = DropRule | DelayRule | ErrorRule;

export interface FaultScope {
  /** Only requests with this api key (default: any). */
  apiKey?: number;
  /** Only requests to this broker (default: any). */
  brokerId?: number;
}

export class Faults {
  private rules: Rule[] = [];
  /** Set by the broker: closes live connections (of one broker, or all). Returns how many. */
  closeConnections: (brokerId?: number) => number = () => 0;
  /** Counts of requests seen, by api key (handy for assertions). */
  readonly seen = new Map<number, number>();

  /** Drops every live connection now (optionally of one broker). Returns how many were closed. */
  dropConnections(opts: { brokerId?: number } = {}): number {
    return this.closeConnections(opts.brokerId);
  }

  /**
   * Drops the connection carrying the (after+1)-th matching request from now on, `times` times
   * (default once). With when='after' (default) the request is handled first, so e.g. a produce is
   * appended but its answer never arrives: the client must retry.
   */
  dropAfter(after: number, opts: FaultScope & { times?: number; when?: 'before' | 'after' } = {}): void {
    this.rules.push({ kind: 'drop', apiKey: opts.apiKey, brokerId: opts.brokerId, skip: after, times: opts.times ?? 1, when: opts.when ?? 'after' });
  }

  /** Delays the next `times` matching responses (default: all) by ms. */
  delay(ms: number, opts: FaultScope & { times?: number } = {}): void {
    this.rules.push({ kind: 'delay', apiKey: opts.apiKey, brokerId: opts.brokerId, ms, times: opts.times ?? Infinity });
  }

  /** Answers the next `times` requests of apiKey (default 1) with errorCode in every error field. */
  failWith(apiKey: number, errorCode: number, opts: { times?: number; brokerId?: number } = {}): void {
    this.rules.push({ kind: 'error', apiKey, brokerId: opts.brokerId, code: errorCode, times: opts.times ?? 1 });
  }

  clear(): void {
    this.rules = [];
  }

  get pending(): number {
    return this.rules.length;
  }

  decide(brokerId: number, apiKey: number): FaultDecision {
    this.seen.set(apiKey, (this.seen.get(apiKey) ?? 0) + 1);
    if (this.rules.length === 0) return {};
    const d: FaultDecision = {};
    for (const r of this.rules) {
      if (r.apiKey !== undefined && r.apiKey !== apiKey) continue;
      if (r.brokerId !== undefined && r.brokerId !== brokerId) continue;
      if (r.times <= 0) continue;
      if (r.kind === 'drop') {
        if (d.drop) continue;
        if (r.skip > 0) { r.skip--; continue; }
        r.times--;
        d.drop = r.when;
      } else if (r.kind === 'delay') {
        r.times--;
        d.delayMs = (d.delayMs ?? 0) + r.ms;
      } else if (d.forcedError === undefined) {
        r.times--;
        d.forcedError = r.code;
      }
    }
    this.rules = this.rules.filter((r) => r.times > 0);
    return d;
  }
}
