// What the viewer page receives: compact rows for the visible window only, and one message in full
// when a row is opened. Previews are cut before decoding, so a 1 MB value costs 200 bytes of text.
import { isValidUtf8, renderBytes, type RenderMode, type Rendered } from '../messages';
import type { ViewerMessage } from './filter';
import type { MessageDetail, Row } from './protocol';

export type { MessageDetail, Row } from './protocol';


export const PREVIEW_CHARS = 200;

/** One line of at most `max` characters; null shows as an empty marker the page styles. */
export function previewBytes(buf: Buffer | null, mode: RenderMode, max = PREVIEW_CHARS): string {
  if (buf === null) return '\u2205'; // ∅: null (a tombstone value, or no key)
  const cut = buf.length > max * 4 ? buf.subarray(0, max * 4) : buf;
  let s: string;
  if (mode === 'hex') s = cut.subarray(0, max >> 1).toString('hex');
  else if (mode === 'base64') s = cut.subarray(0, Math.floor((max * 3) / 4)).toString('base64');
  else if (mode === 'utf8' || mode === 'json' || mode === 'auto') {
    // a cut in the middle of a character is fine for a preview; bytes that are not UTF-8 at all are shown as base64
    if (!isValidUtf8(buf) && (buf.length === cut.length || !isValidUtf8(cut.subarray(0, cut.length - 3)))) s = cut.subarray(0, Math.floor((max * 3) / 4)).toString('base64');
    else s = cut.toString('utf8').replace(/\s+/g, ' ');
  } else s = '';
  return s.length > max ? s.slice(0, max - 1) + '\u2026' : s;
}

export function toRow(i: number, m: ViewerMessage, keyMode: RenderMode, valueMode: RenderMode): Row {
  return [i, m.partition, m.offset, m.timestamp, previewBytes(m.key, keyMode), previewBytes(m.value, valueMode), m.headers.length, m.value?.length ?? 0];
}

/** Values bigger than this are shown cut in the detail pane (the export has them whole). */
export const DETAIL_MAX_CHARS = 1_000_000;

function rendered(buf: Buffer | null, mode: RenderMode): Rendered & { bytes: number | null } {
  const r = renderBytes(buf, mode);
  return { ...r, text: r.text.length > DETAIL_MAX_CHARS ? r.text.slice(0, DETAIL_MAX_CHARS) + '\n\u2026 (cut; export the message to see all of it)' : r.text, bytes: buf ? buf.length : null };
}

export function toDetail(i: number, m: ViewerMessage, topic: string, keyMode: RenderMode, valueMode: RenderMode): MessageDetail {
  return {
    index: i, topic, partition: m.partition, offset: m.offset, timestamp: m.timestamp, timestampType: m.timestampType,
    key: rendered(m.key, keyMode), value: rendered(m.value, valueMode),
    headers: m.headers.map((h) => ({ key: h.key, value: renderBytes(h.value, 'auto') })),
  };
}
