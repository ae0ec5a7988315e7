// In-file suppression comments, the same in every format:
//   # msk-lint-disable-next-line MSK001 MSK002     (or // … in code, JSON with comments)
//   # msk-lint-disable-line MSK006
//   # msk-lint-disable-file MSK003                 (anywhere in the file)
// With no rule id, the comment silences every rule.

export interface Suppressions {
  isSuppressed(ruleId: string, line: number): boolean;
}

const MARK = /(?:^|\s|#|!|\/\/|\/\*)\s*msk-lint-disable-(next-line|line|file)\b([^\r\n]*)/;

export function readSuppressions(text: string): Suppressions {
  const byLine = new Map<number, Set<string> | 'all'>();
  let file: Set<string> | 'all' | undefined;
  if (text.includes('msk-lint-disable')) {
    const lines = text.split(/\r\n|\r|\n/);
    const add = (cur: Set<string> | 'all' | undefined, ids: string[]): Set<string> | 'all' => {
      if (ids.length === 0 || cur === 'all') return 'all';
      const set = cur ?? new Set<string>();
      for (const id of ids) set.add(id);
      return set;
    };
    lines.forEach((line, i) => {
      if (!line.includes('msk-lint-disable')) return;
      const m = MARK.exec(line);
      if (!m || !/(#|!|\/\/|\/\*)/.test(line.slice(0, m.index + m[0].indexOf('msk-lint-disable')))) return;
      const ids = (m[2].match(/\bMSK\d{3}\b/gi) ?? []).map((s) => s.toUpperCase());
      if (m[1] === 'file') file = add(file, ids);
      else {
        const target = m[1] === 'next-line' ? i + 1 : i;
        byLine.set(target, add(byLine.get(target), ids));
      }
    });
  }
  const hit = (s: Set<string> | 'all' | undefined, id: string) => s === 'all' || (s !== undefined && s.has(id));
  return {
    isSuppressed: (ruleId, line) => hit(file, ruleId) || hit(byLine.get(line), ruleId),
  };
}
