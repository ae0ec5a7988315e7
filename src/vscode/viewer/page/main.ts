// The message viewer's page (bundled by esbuild into dist/viewer-page.js, loaded under a strict
// CSP with a nonce). It holds only the rows of its visible window: the host keeps the messages,
// filters them and answers row requests. No eval, no inline handlers, no innerHTML with data:
// everything is built with createElement and textContent, styled through classes and the CSSOM.
import { rowWindow, scrollHeight } from '../../../core/viewer/window';
import { brushRange, rangePixels, type Histogram } from '../../../core/viewer/histogram';
import type { DecodeMode as Mode, HostToPage, MessageDetail as Detail, PageAction, PageToHost, Row, ViewerStatus } from '../../../core/viewer/protocol';

declare function acquireVsCodeApi(): { postMessage(msg: PageToHost): void };
const vscode = acquireVsCodeApi();
const send = (msg: PageToHost) => vscode.postMessage(msg);

const ROW_HEIGHT = 22;
const MODES: Mode[] = ['auto', 'utf8', 'json', 'hex', 'base64'];

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function button(label: string, title: string, onClick: () => void, cls = 'btn'): HTMLButtonElement {
  const b = el('button', cls, label);
  b.type = 'button';
  b.title = title;
  b.addEventListener('click', onClick);
  return b;
}

const pad = (x: number, n = 2) => String(x).padStart(n, '0');
function time(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}
/** The table's time: month-day and time of day to the millisecond (the year is in the tooltip and the detail). */
function shortTime(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}
const num = (x: number) => x.toLocaleString('en-US');
const mb = (b: number) => `${(b / 1048576).toFixed(1)} MB`;

// ---- state ----
let status: ViewerStatus | undefined;
let generation = -1;
let rows = new Map<number, Row>();
let pending = new Set<string>();
let selected = -1;
let hist: Histogram | null = null;
let range: { from: number; to: number } | undefined;
const selectedPartitions = new Set<number>();

// ---- layout ----
const app = document.getElementById('app')!;
const toolbar = el('div', 'toolbar');
const search = el('input', 'search');
search.type = 'search';
search.placeholder = 'Search key, value and headers';
search.setAttribute('aria-label', 'Search key, value and headers');
const regex = el('input');
regex.type = 'checkbox';
regex.id = 'regex';
const regexLabel = el('label', 'check', '.*');
regexLabel.htmlFor = 'regex';
regexLabel.title = 'Regular expression';
const caseBox = el('input');
caseBox.type = 'checkbox';
caseBox.id = 'case';
const caseLabel = el('label', 'check', 'Aa');
caseLabel.htmlFor = 'case';
caseLabel.title = 'Match case';
const expr = el('input', 'expr');
expr.type = 'text';
expr.placeholder = 'Field filter, e.g. value.amount > 100 && headers.source == "web"';
expr.setAttribute('aria-label', 'Field filter');
expr.spellcheck = false;
const partBox = el('span', 'partitions');
function modeSelect(label: string, onChange: () => void): HTMLSelectElement {
  const s = el('select', 'mode');
  s.title = `Show the ${label} as`;
  s.setAttribute('aria-label', `${label} decoding`);
  for (const mo of MODES) {
    const o = el('option', undefined, `${label}: ${mo === 'utf8' ? 'UTF-8' : mo === 'auto' ? 'auto' : mo.toUpperCase()}`);
    o.value = mo;
    s.append(o);
  }
  s.addEventListener('change', onChange);
  return s;
}
const sendDecode = () => send({ type: 'decode', keyMode: keyMode.value as Mode, valueMode: valueMode.value as Mode });
const keyMode = modeSelect('Key', sendDecode);
const valueMode = modeSelect('Value', sendDecode);
const act = (action: PageAction, extra: Partial<Extract<PageToHost, { type: 'action' }>> = {}) => send({ type: 'action', action, ...extra });
const pauseBtn = button('Pause', 'Stop reading; Resume reads on from here', () => act('pause'));
const resumeBtn = button('Resume', 'Read on from where each partition stopped', () => act('resume'));
const clearBtn = button('Clear', 'Drop the messages held', () => act('clear'));
const exportSel = el('select', 'mode');
exportSel.setAttribute('aria-label', 'Export format');
for (const f of ['json', 'jsonl', 'csv']) {
  const o = el('option', undefined, f.toUpperCase());
  o.value = f;
  exportSel.append(o);
}
const exportBtn = button('Export…', 'Export the shown (filtered) messages', () => act('export', { format: exportSel.value as 'json' | 'jsonl' | 'csv' }));
exportBtn.id = 'export';
toolbar.append(search, regex, regexLabel, caseBox, caseLabel, expr, partBox, keyMode, valueMode, pauseBtn, resumeBtn, clearBtn, exportSel, exportBtn);

const problems = el('div', 'problems');
problems.setAttribute('role', 'alert');
const timelineWrap = el('div', 'timeline');
const canvas = el('canvas');
canvas.height = 56;
const rangeLabel = el('span', 'range');
const rangeClear = button('×', 'Show every time', () => setRange(undefined), 'btn small');
const timelineInfo = el('div', 'timeline-info');
timelineInfo.append(rangeLabel, rangeClear);
timelineWrap.append(canvas, timelineInfo);
const statusLine = el('div', 'status');
statusLine.setAttribute('aria-live', 'polite');

const main = el('div', 'main');
const table = el('div', 'table');
const head = el('div', 'row head');
for (const [c, t, tip] of [['p', 'Part.', 'Partition'], ['o', 'Offset', 'Offset'], ['t', 'Time', 'Timestamp (local time; the full time is in each row\'s tooltip)'], ['k', 'Key', 'Key'], ['v', 'Value', 'Value'], ['h', 'Hdrs', 'Number of headers']]) {
  const cell = el('span', `c ${c}`, t);
  cell.title = tip;
  head.append(cell);
}
const scroller = el('div', 'scroller');
scroller.tabIndex = 0;
scroller.setAttribute('role', 'grid');
scroller.setAttribute('aria-label', 'Messages');
const spacer = el('div', 'spacer');
const rowsBox = el('div', 'rows');
spacer.append(rowsBox);
scroller.append(spacer);
const empty = el('div', 'empty', 'No messages yet');
table.append(head, scroller, empty);
const detail = el('div', 'detail hidden');
main.append(table, detail);
app.append(toolbar, problems, timelineWrap, statusLine, main);

// ---- filters ----
let filterTimer: number | undefined;
function sendFilter(): void {
  window.clearTimeout(filterTimer);
  filterTimer = window.setTimeout(() => {
    send({
      type: 'filter',
      filter: {
        text: search.value || undefined, regex: regex.checked, caseSensitive: caseBox.checked,
        partitions: selectedPartitions.size && status && selectedPartitions.size < status.partitions.length ? [...selectedPartitions].sort((a, b) => a - b) : undefined,
        from: range?.from, to: range?.to, expression: expr.value.trim() || undefined,
      },
    });
  }, 200);
}
for (const i of [search, expr]) i.addEventListener('input', sendFilter);
for (const c of [regex, caseBox]) c.addEventListener('change', sendFilter);

function renderPartitions(parts: number[]): void {
  if (partBox.childElementCount === parts.length) return;
  partBox.replaceChildren();
  if (parts.length <= 1) return;
  for (const p of parts) {
    const b = button(`P${p}`, `Show partition ${p} only (click several to choose)`, () => {
      if (selectedPartitions.has(p)) selectedPartitions.delete(p);
      else selectedPartitions.add(p);
      b.classList.toggle('on', selectedPartitions.has(p));
      sendFilter();
    }, 'btn chip');
    partBox.append(b);
  }
}

function setRange(r: { from: number; to: number } | undefined): void {
  range = r;
  drawTimeline();
  sendFilter();
}

// ---- timeline ----
let drag: { x0: number; x1: number } | undefined;
function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}
function drawTimeline(): void {
  const width = Math.max(100, timelineWrap.clientWidth);
  const dpr = window.devicePixelRatio || 1;
  if (canvas.width !== Math.round(width * dpr)) {
    canvas.width = Math.round(width * dpr);
    canvas.style.width = `${width}px`;
    canvas.style.height = `${canvas.height / dpr}px`;
  }
  const g = canvas.getContext('2d');
  if (!g) return;
  g.setTransform(dpr, 0, 0, dpr, 0, 0);
  const h = 56 / dpr * dpr;
  g.clearRect(0, 0, width, h);
  if (!hist || !hist.counts.length) {
    rangeLabel.textContent = '';
    return;
  }
  const bar = cssVar('--vscode-charts-blue', '#3794ff');
  const sel = cssVar('--vscode-editor-selectionBackground', 'rgba(38,79,120,0.5)');
  const n = hist.counts.length;
  const w = width / n;
  const top = hist.max || 1;
  g.fillStyle = bar;
  for (let i = 0; i < n; i++) {
    const c = hist.counts[i];
    if (!c) continue;
    const bh = Math.max(1, (c / top) * (h - 4));
    g.fillRect(i * w + 0.5, h - bh, Math.max(1, w - 1), bh);
  }
  const r = drag ? brushRange(hist, drag.x0, drag.x1, width) : range;
  if (r) {
    const px = rangePixels(hist, r.from, r.to, width);
    g.globalAlpha = 0.45;
    g.fillStyle = sel;
    g.fillRect(px.x, 0, px.w, h);
    g.globalAlpha = 1;
    rangeLabel.textContent = `${time(r.from)} – ${time(r.to)}`;
  } else rangeLabel.textContent = `${time(hist.start)} – ${time(hist.start + n * hist.bucketMs - 1)} · ${bucketText(hist.bucketMs)} per bar · drag to choose a time range`;
  rangeClear.classList.toggle('hidden', !range);
}
function bucketText(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${ms / 1000} s`;
  if (ms < 3_600_000) return `${ms / 60_000} min`;
  if (ms < 86_400_000) return `${ms / 3_600_000} h`;
  return `${ms / 86_400_000} d`;
}
canvas.addEventListener('mousedown', (e) => {
  if (!hist) return;
  drag = { x0: e.offsetX, x1: e.offsetX };
  drawTimeline();
});
window.addEventListener('mousemove', (e) => {
  if (!drag) return;
  const rect = canvas.getBoundingClientRect();
  drag.x1 = Math.min(rect.width, Math.max(0, e.clientX - rect.left));
  drawTimeline();
});
window.addEventListener('mouseup', () => {
  if (!drag || !hist) return;
  const width = Math.max(100, timelineWrap.clientWidth);
  const r = brushRange(hist, drag.x0, drag.x1, width);
  drag = undefined;
  setRange(r);
});
canvas.addEventListener('dblclick', () => setRange(undefined));

// ---- table (virtual) ----
const pool: HTMLDivElement[] = [];
function rowEl(i: number): HTMLDivElement {
  let r = pool[i];
  if (!r) {
    r = el('div', 'row');
    for (const c of ['p', 'o', 't', 'k', 'v', 'h']) r.append(el('span', `c ${c}`));
    r.addEventListener('click', () => select(Number(r.dataset.index)));
    r.setAttribute('role', 'row');
    pool[i] = r;
  }
  return r;
}

function render(): void {
  const total = status?.shown ?? 0;
  spacer.style.height = `${scrollHeight(total, ROW_HEIGHT)}px`;
  empty.classList.toggle('hidden', total > 0);
  empty.textContent = status && status.total > 0 ? 'No message matches the filters' : 'No messages yet';
  const win = rowWindow(scroller.scrollTop, scroller.clientHeight, ROW_HEIGHT, total, 8);
  rowsBox.style.transform = `translateY(${win.top}px)`;
  const count = win.end - win.first;
  let missing = false;
  for (let j = 0; j < count; j++) {
    const i = win.first + j;
    const r = rowEl(j);
    const data = rows.get(i);
    r.dataset.index = String(i);
    r.classList.toggle('selected', i === selected);
    r.classList.toggle('loading', !data);
    const cells = r.children;
    if (data) {
      cells[0].textContent = String(data[1]);
      cells[1].textContent = String(data[2]);
      cells[2].textContent = shortTime(data[3]);
      cells[3].textContent = data[4];
      if (data[8] !== undefined) {
        // a schema-registry value: its schema (or why it was not decoded) as a badge before the preview
        const badge = el('span', data[9] ? 'schema-badge error' : 'schema-badge', data[8]);
        badge.title = data[9] ? data[8] : `Decoded with ${data[8]}`;
        cells[4].replaceChildren(badge, document.createTextNode(data[5]));
      } else cells[4].textContent = data[5];
      cells[5].textContent = data[6] ? String(data[6]) : '';
      r.title = `partition ${data[1]} offset ${data[2]} · ${time(data[3])} · ${num(data[7])} bytes`;
    } else {
      missing = true;
      for (const c of cells) c.textContent = '';
    }
    if (r.parentElement !== rowsBox || rowsBox.children[j] !== r) rowsBox.insertBefore(r, rowsBox.children[j] ?? null);
  }
  while (rowsBox.childElementCount > count) rowsBox.lastElementChild!.remove();
  if (missing) request(Math.max(0, win.first - 40), Math.min(total, win.end + 40));
}

function request(start: number, end: number): void {
  const key = `${generation}:${start}:${end}`;
  if (pending.has(key)) return;
  pending.add(key);
  send({ type: 'rows', start, end });
}

let frame = 0;
const schedule = () => {
  if (!frame) frame = requestAnimationFrame(() => {
    frame = 0;
    render();
  });
};
scroller.addEventListener('scroll', schedule);
window.addEventListener('resize', () => {
  schedule();
  drawTimeline();
});

function select(i: number): void {
  if (!status || i < 0 || i >= status.shown) return;
  selected = i;
  send({ type: 'detail', index: i });
  const top = i * ROW_HEIGHT;
  if (scrollHeight(status.shown, ROW_HEIGHT) === status.shown * ROW_HEIGHT) {
    if (top < scroller.scrollTop) scroller.scrollTop = top;
    else if (top + ROW_HEIGHT > scroller.scrollTop + scroller.clientHeight) scroller.scrollTop = top + ROW_HEIGHT - scroller.clientHeight;
  }
  schedule();
}
scroller.addEventListener('keydown', (e) => {
  const page = Math.max(1, Math.floor(scroller.clientHeight / ROW_HEIGHT) - 1);
  const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page };
  if (e.key in moves) {
    e.preventDefault();
    select(Math.min((status?.shown ?? 1) - 1, Math.max(0, (selected < 0 ? 0 : selected + moves[e.key]))));
  } else if (e.key === 'Escape') closeDetail();
});

// ---- detail ----
function closeDetail(): void {
  detail.classList.add('hidden');
  selected = -1;
  schedule();
}
function section(title: string, body: HTMLElement): HTMLElement {
  const s = el('section');
  s.append(el('h3', undefined, title), body);
  return s;
}
function schemaBox(s: NonNullable<Detail['schema']>): HTMLElement {
  const box = el('div', 'schema-detail');
  if (s.label) box.append(el('span', 'schema-badge', s.label));
  if (s.schemaId) box.append(el('span', 'muted', ` id ${s.schemaId}`));
  if (s.error !== undefined) box.append(el('div', 'schema-error', s.error));
  if (s.note) box.append(el('div', 'muted', s.note));
  return box;
}
function showDetail(d: Detail | null): void {
  if (!d) {
    closeDetail();
    return;
  }
  const bar = el('div', 'detail-bar');
  bar.append(
    el('strong', undefined, `Partition ${d.partition} · offset ${d.offset}`),
    el('span', 'muted', `${time(d.timestamp)} (${d.timestampType === 'log-append' ? 'log append time' : 'create time'}) · ${new Date(d.timestamp).toISOString()}`),
    button('Copy as Recipe', 'Copy this message as a .msk recipe block', () => act('copyRecipe', { index: d.index })),
    ...(status?.readOnly ? [] : [button('Produce Again…', 'Send this message again, to this topic or another', () => act('produceAgain', { index: d.index }))]),
    button('Close', 'Close (Escape)', closeDetail),
  );
  const enc = (r: { encoding: string; bytes?: number | null }) => (r.encoding === 'null' ? 'null' : `${r.encoding}${r.bytes != null ? ` · ${num(r.bytes)} bytes` : ''}`);
  const pre = (text: string, cls: string) => el('pre', cls, text);
  const headers = el('table', 'headers');
  if (!d.headers.length) headers.append(el('caption', 'muted', 'No headers'));
  for (const h of d.headers) {
    const tr = el('tr');
    tr.append(el('td', 'hk', h.key), el('td', 'hv', h.value.encoding === 'null' ? '∅ null' : h.value.text));
    headers.append(tr);
  }
  detail.replaceChildren(
    bar,
    section(`Key (${enc(d.key)})`, pre(d.key.encoding === 'null' ? '∅ null' : d.key.text, 'key')),
    ...(d.schema ? [section(d.schema.error !== undefined ? 'Schema (not decoded: the value below is the raw bytes)' : 'Schema', schemaBox(d.schema))] : []),
    section(`Value (${d.schema?.error === undefined && d.schema ? 'decoded · ' : ''}${enc(d.value)})`, pre(d.value.encoding === 'null' ? '∅ null (a tombstone)' : d.value.text, 'value')),
    section(`Headers (${d.headers.length})`, headers),
  );
  detail.classList.remove('hidden');
}

// ---- status ----
function showStatus(s: ViewerStatus): void {
  const regen = s.generation !== generation;
  if (regen) {
    generation = s.generation;
    rows = new Map();
    pending = new Set();
    // the shown set changed (a filter): row numbers now mean other messages; the detail stays open
    selected = -1;
  }
  const grew = status && s.shown > status.shown;
  status = s;
  renderPartitions(s.partitions);
  const state = s.state === 'following' ? 'Following new messages' : s.state === 'reading' ? 'Reading…' : '';
  statusLine.textContent = `${num(s.shown)} of ${num(s.total)} messages · ${mb(s.bytes)} of ${mb(s.maxBytes)}${state ? ` · ${state}` : ''}${s.note ? ` · ${s.note}` : ''}`;
  statusLine.classList.toggle('warn', s.state === 'full' || s.state === 'error');
  const active = s.state === 'reading' || s.state === 'following';
  pauseBtn.classList.toggle('hidden', !active);
  // Resume reads on after a pause or an error; after the end or the limit there is nothing to resume
  resumeBtn.classList.toggle('hidden', s.state !== 'paused' && s.state !== 'error');
  document.body.dataset.state = s.state;
  document.body.dataset.shown = String(s.shown);
  if (regen || grew || !rows.size) schedule();
}

window.addEventListener('message', (e: MessageEvent<HostToPage>) => {
  const msg = e.data;
  switch (msg.type) {
    case 'init':
      keyMode.value = msg.keyMode;
      valueMode.value = msg.valueMode;
      break;
    case 'status':
      showStatus(msg.status);
      break;
    case 'rows':
      if (msg.generation !== generation) return;
      msg.rows.forEach((r, j) => rows.set(msg.start + j, r));
      pending.clear();
      if (rows.size > 4000) {
        // keep the cache small: only rows near the window stay
        const keep = rowWindow(scroller.scrollTop, scroller.clientHeight, ROW_HEIGHT, status?.shown ?? 0, 200);
        for (const k of rows.keys()) if (k < keep.first || k >= keep.end) rows.delete(k);
      }
      schedule();
      break;
    case 'histogram':
      hist = msg.histogram;
      drawTimeline();
      break;
    case 'detail':
      showDetail(msg.detail);
      break;
    case 'filterProblems':
      problems.textContent = msg.problems.map((p) => `${p.field === 'expression' ? 'Field filter' : 'Search'}: ${p.message}${p.index !== undefined ? ` (at character ${p.index + 1})` : ''}`).join(' · ');
      problems.classList.toggle('hidden', !msg.problems.length);
      expr.classList.toggle('invalid', msg.problems.some((p) => p.field === 'expression'));
      search.classList.toggle('invalid', msg.problems.some((p) => p.field === 'text'));
      break;
  }
});

problems.classList.add('hidden');
send({ type: 'ready' });
