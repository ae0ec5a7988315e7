// The message viewer's host side: one webview panel per peek. Messages stay here, in a bounded
// store with a filtered index; the page gets compact rows for its visible window only, one message
// in full when a row is opened, and the timeline's bucket counts. So 100,000 messages cost the page
// a few dozen DOM rows, and a filter runs once over the store, not in the page.
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { ConnectionSpec, PeekedMessage, PeekOptions, PeekStart } from '../../kafka/index';
import { DisposableCollection } from '../disposables';
import type { RenderMode } from '../../core/messages';
import { MessageStore, type StoreCaps } from '../../core/viewer/store';
import type { FilterProblem, FilterSpec, ViewerMessage } from '../../core/viewer/filter';
import { histogram } from '../../core/viewer/histogram';
import { toDetail, toRow, viewerSchema } from '../../core/viewer/rows';
import { exportChunks, type ExportFormat } from '../../core/viewer/export';
import type { HostToPage, MessageDetail, PageToHost, Row, ViewerStatus } from '../../core/viewer/protocol';
import { loadKafka } from '../produce/run';
import type { SchemaSession } from '../../core/schemas/session';
import { decodeValue } from '../../core/schemas/decode';
import { readSchemaHeader } from '../../core/schemas/wire';
import { AUTO_VALUE_SCHEMA, mayNeedDecoding } from '../../core/schemas/topic-settings';
import type { ValueSchemaSetting } from '../../core/schemas/types';
import { dataMessages as m } from './messages';

export interface ViewerOptions {
  title: string;
  clusterName: string;
  spec: ConnectionSpec;
  topic: string;
  partitions: number[];
  start: PeekStart;
  limit?: number;
  follow: boolean;
  caps: StoreCaps;
  /** A read-only connection: "produce again" is not offered. */
  readOnly: boolean;
  extensionUri: vscode.Uri;
  log: vscode.LogOutputChannel;
  /** The connection's schema registries: values with a Glue or Confluent header are decoded with it as they arrive. */
  schemas?: Promise<SchemaSession | undefined>;
  /** The topic's msk.schemas.topics setting (default auto: each value by its header). */
  valueSchema?: ValueSchemaSetting;
  /** Copy as recipe and produce again, supplied by the commands (they pick topics, run produce). */
  actions: {
    copyRecipe(v: ViewerPanel, message: ViewerMessage): Promise<unknown>;
    /** `topic` skips the topic prompt (extension-host tests; the page never passes it). */
    produceAgain(v: ViewerPanel, message: ViewerMessage, topic?: string): Promise<unknown>;
    exportShown(v: ViewerPanel, format?: ExportFormat): Promise<unknown>;
  };
}

const FLUSH_MS = 120;
const FILTER_SLICE_MS = 15;
const MAX_ROWS_PER_REQUEST = 500;

function nonce(): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let s = '';
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  for (const b of bytes) s += chars[b % chars.length];
  return s;
}

/** The page's HTML: nothing inline but the nonce'd script and style tags; everything else from dist/ and media/. */
export function viewerHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string): string {
  const n = nonce();
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'viewer-page.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'viewer.css'));
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${n}'`,
    `style-src ${webview.cspSource} 'nonce-${n}'`,
    `img-src ${webview.cspSource} data:`,
    `font-src ${webview.cspSource}`,
  ].join('; ');
  const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${String(style)}" nonce="${n}">
<title>${esc(title)}</title></head>
<body><div id="app" data-title="${esc(title)}"></div>
<script nonce="${n}" src="${String(script)}"></script></body></html>`;
}

/** Decodes the schema-registry values of a batch into `schema` (decodeValue never throws). */
async function decodeBatch(batch: PeekedMessage[], session: SchemaSession, setting: ValueSchemaSetting): Promise<void> {
  for (const msg of batch as (PeekedMessage & ViewerMessage)[]) {
    if (!mayNeedDecoding(msg.value, setting)) continue;
    const schema = viewerSchema(await decodeValue(msg.value, session, { expect: setting }));
    if (schema) msg.schema = schema;
  }
}

export class ViewerPanel extends DisposableCollection {
  readonly store: MessageStore;
  readonly panel: vscode.WebviewPanel;
  private state: ViewerStatus['state'] = 'reading';
  private note: string | undefined;
  private generation = 0;
  private abort: AbortController | undefined;
  private reading: Promise<void> = Promise.resolve();
  private flushTimer: NodeJS.Timeout | undefined;
  private keyMode: RenderMode = 'auto';
  private valueMode: RenderMode = 'auto';
  private range: { from: number; to: number } | undefined;
  private filterPass = 0;
  private filtered: Promise<void> = Promise.resolve();
  private readyResolve!: () => void;
  /** Resolves once the page has loaded and said so. */
  readonly ready = new Promise<void>((r) => (this.readyResolve = r));
  /** Row windows the page asked for (tests read what the page did). */
  readonly requests: { start: number; end: number }[] = [];
  private closed = false;
  private readonly changedEmitter = this.track(new vscode.EventEmitter<ViewerStatus>());
  /** Fires after each status the page is sent. */
  readonly onDidChangeStatus = this.changedEmitter.event;

  constructor(readonly options: ViewerOptions) {
    super();
    this.store = new MessageStore(options.topic, options.caps);
    this.panel = this.track(vscode.window.createWebviewPanel('msk.viewer', options.title, vscode.ViewColumn.Active, {
      enableScripts: true,
      retainContextWhenHidden: true,
      localResourceRoots: [vscode.Uri.joinPath(options.extensionUri, 'dist'), vscode.Uri.joinPath(options.extensionUri, 'media')],
    }));
    this.panel.webview.html = viewerHtml(this.panel.webview, options.extensionUri, options.title);
    this.track(this.panel.webview.onDidReceiveMessage((msg: PageToHost) => this.receive(msg)));
    this.track(this.panel.onDidDispose(() => {
      this.closed = true;
      this.abort?.abort();
      this.dispose();
    }));
  }

  get status(): ViewerStatus {
    const { caps } = this.options;
    return {
      total: this.store.size, shown: this.store.filteredCount, bytes: this.store.bytes, maxMessages: caps.maxMessages, maxBytes: caps.maxBytes,
      partitions: this.options.partitions, state: this.state, note: this.store.filtering ? `${this.note ? this.note + ' · ' : ''}${m.filtering}` : this.note,
      generation: this.generation, readOnly: this.options.readOnly,
    };
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Resolves when the current read has stopped (end, limit, pause, full, error). */
  whenStopped(): Promise<void> {
    return this.reading;
  }

  /** Starts the first read. */
  start(): void {
    this.reading = this.read({ topic: this.options.topic, partitions: this.options.partitions, start: this.options.start, limit: this.options.limit, follow: this.options.follow });
  }

  private post(msg: HostToPage): void {
    if (!this.closed) void this.panel.webview.postMessage(msg);
  }

  private async read(opts: Omit<PeekOptions, 'signal'>, perPartition?: Map<number, PeekStart>): Promise<void> {
    const k = await loadKafka();
    const abort = new AbortController();
    this.abort = abort;
    this.state = opts.follow ? 'following' : 'reading';
    this.note = undefined;
    this.schedule();
    const remaining = opts.limit !== undefined ? Math.max(0, opts.limit - this.store.size) : undefined;
    const session = await this.options.schemas?.catch((err: unknown) => {
      this.options.log.warn(`viewer: schema registries not available: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    });
    const add = (batch: PeekedMessage[]) => {
      if (abort.signal.aborted) return;
      const r = this.store.add(remaining !== undefined && opts.limit !== undefined ? batch.slice(0, Math.max(0, opts.limit - this.store.size)) : batch);
      if (r.full || (opts.limit !== undefined && this.store.size >= opts.limit)) abort.abort();
      this.schedule();
    };
    // values with a registry header are decoded once, in arrival order, before they enter the store
    let decoding: Promise<void> = Promise.resolve();
    const onMessages = (batch: PeekedMessage[]) => {
      if (abort.signal.aborted) return;
      // auto: only values with a registry header; a registry set for the topic: every value but null; none: nothing
      const setting = this.options.valueSchema ?? AUTO_VALUE_SCHEMA;
      if (!session || !batch.some((msg) => mayNeedDecoding(msg.value, setting) && (setting.registry !== 'auto' || readSchemaHeader(msg.value)))) {
        decoding = decoding.then(() => add(batch));
        return;
      }
      decoding = decoding.then(async () => {
        await decodeBatch(batch, session, setting);
        add(batch);
      });
    };
    try {
      const runs = perPartition
        ? [...perPartition].map(([p, start]) => k.peek(this.options.spec, { ...opts, partitions: [p], start, limit: remaining, signal: abort.signal, copyBuffers: true }, onMessages))
        : [k.peek(this.options.spec, { ...opts, limit: remaining, signal: abort.signal, copyBuffers: true }, onMessages)];
      const results = await Promise.all(runs);
      await decoding;
      const byLimit = opts.limit !== undefined && this.store.size >= opts.limit;
      if (this.store.full) {
        this.state = 'full';
        this.note = m.full(this.store.size, this.store.bytes, this.options.caps.maxMessages, this.options.caps.maxBytes);
      } else if (byLimit || results.every((r) => r.stoppedBy === 'limit')) {
        this.state = 'done';
        this.note = m.limit(this.store.size);
      } else if (results.some((r) => r.stoppedBy === 'abort')) {
        this.state = 'paused';
        this.note = m.paused;
      } else {
        this.state = 'done';
        this.note = m.done(this.store.size);
      }
    } catch (err) {
      const detail = err instanceof Error ? err.message : String(err);
      this.options.log.error(`viewer: ${this.options.topic}: ${detail}`);
      this.state = this.store.full ? 'full' : 'error';
      this.note = this.store.full ? m.full(this.store.size, this.store.bytes, this.options.caps.maxMessages, this.options.caps.maxBytes) : m.failed(detail);
    } finally {
      if (this.abort === abort) this.abort = undefined;
      this.flush();
    }
  }

  pause(): void {
    this.abort?.abort();
  }

  /** Reads on from where each partition stopped (a partition with nothing yet from the first start). */
  resume(): void {
    if (this.abort || this.store.full) return;
    const next = this.store.nextOffsets();
    const starts = new Map<number, PeekStart>(this.options.partitions.map((p) => [p, next.has(p) ? { kind: 'offset', offset: next.get(p)! } : this.options.start]));
    this.reading = this.read({ topic: this.options.topic, partitions: this.options.partitions, start: this.options.start, limit: this.options.limit, follow: this.options.follow }, starts);
  }

  clear(): void {
    this.store.clear();
    this.generation++;
    this.schedule();
  }

  /**
   * Applies a filter in slices of FILTER_SLICE_MS, so the extension host (shared with every other
   * extension) never stalls on 100,000 messages; the page sees the shown set fill as it goes.
   * whenFiltered() resolves when it is done.
   */
  setFilter(spec: FilterSpec): FilterProblem[] {
    const problems = this.store.startFilter(spec);
    this.post({ type: 'filterProblems', problems });
    if (problems.length) return problems;
    this.range = spec.from !== undefined || spec.to !== undefined ? { from: spec.from ?? -Infinity, to: spec.to ?? Infinity } : undefined;
    this.generation++;
    const pass = ++this.filterPass;
    this.filtered = new Promise<void>((resolve) => {
      const step = () => {
        if (pass !== this.filterPass || this.closed) return resolve();
        if (this.store.stepFilter(FILTER_SLICE_MS, () => performance.now())) {
          this.flush();
          return resolve();
        }
        this.schedule();
        setImmediate(step);
      };
      step();
    });
    return [];
  }

  /** Resolves when the last filter set has been applied to everything held. */
  whenFiltered(): Promise<void> {
    return this.filtered;
  }

  setDecode(keyMode: RenderMode, valueMode: RenderMode): void {
    this.keyMode = keyMode;
    this.valueMode = valueMode;
    this.generation++;
    this.flush();
  }

  private schedule(): void {
    this.flushTimer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  private flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    const status = this.status;
    this.post({ type: 'status', status });
    const b = this.store.timeBounds;
    this.post({ type: 'histogram', histogram: b ? histogram(this.store.baseTimestamps(), b.min, b.max) : null, range: this.range && { from: this.range.from, to: this.range.to } });
    this.changedEmitter.fire(status);
  }

  /** The shown messages (in order), for export. */
  shown(): Iterable<ViewerMessage> {
    return this.store.shownRange();
  }

  async exportTo(format: ExportFormat, uri: vscode.Uri): Promise<number> {
    const count = this.store.filteredCount;
    const chunks = exportChunks(format, this.store.shownRange(0, count), this.options.topic);
    if (uri.scheme === 'file') {
      const fh = await fs.promises.open(uri.fsPath, 'w');
      try {
        for (const c of chunks) await fh.write(c);
      } finally {
        await fh.close();
      }
    } else {
      await vscode.workspace.fs.writeFile(uri, Buffer.from([...chunks].join('')));
    }
    return count;
  }

  /** The row the page gets for shown message i (undefined past the end). */
  rowAt(i: number): Row | undefined {
    const msg = this.store.shownAt(i);
    return msg ? toRow(i, msg, this.keyMode, this.valueMode) : undefined;
  }

  /** What the detail pane gets for shown message i. */
  detailAt(i: number): MessageDetail | undefined {
    const msg = this.store.shownAt(i);
    return msg ? toDetail(i, msg, this.options.topic, this.keyMode, this.valueMode) : undefined;
  }

  /** A message of the page. Extension-host tests drive the host side through it, as the page does. */
  receive(msg: PageToHost): void {
    switch (msg.type) {
      case 'ready':
        this.post({ type: 'init', title: this.options.title, keyMode: this.keyMode, valueMode: this.valueMode });
        this.flush();
        this.readyResolve();
        break;
      case 'rows': {
        const start = Math.max(0, msg.start);
        const end = Math.min(this.store.filteredCount, msg.end, start + MAX_ROWS_PER_REQUEST);
        this.requests.push({ start, end });
        if (this.requests.length > 1000) this.requests.splice(0, 500);
        const rows = [];
        for (let i = start; i < end; i++) rows.push(this.rowAt(i)!);
        this.post({ type: 'rows', generation: this.generation, start, rows });
        break;
      }
      case 'filter':
        this.setFilter(msg.filter);
        break;
      case 'decode':
        this.setDecode(msg.keyMode, msg.valueMode);
        break;
      case 'detail': {
        this.post({ type: 'detail', detail: this.detailAt(msg.index) ?? null });
        break;
      }
      case 'action':
        void this.runAction(msg).catch((err) => {
          if (err instanceof vscode.CancellationError) return;
          const detail = err instanceof Error ? err.message : String(err);
          this.options.log.error(`viewer: ${msg.action}: ${detail}`);
          void vscode.window.showErrorMessage(`MSK Tools: ${detail}`);
        });
        break;
    }
  }

  private async runAction(msg: Extract<PageToHost, { type: 'action' }>): Promise<unknown> {
    const message = msg.index !== undefined ? this.store.shownAt(msg.index) : undefined;
    switch (msg.action) {
      case 'pause': return this.pause();
      case 'resume': return this.resume();
      case 'clear': return this.clear();
      case 'export': return this.options.actions.exportShown(this, msg.format);
      case 'copyRecipe':
        if (!message) throw new Error(m.noMessage);
        return this.options.actions.copyRecipe(this, message);
      case 'produceAgain':
        if (!message) throw new Error(m.noMessage);
        return this.options.actions.produceAgain(this, message);
    }
  }

  override dispose(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.abort?.abort();
    super.dispose();
  }
}
