/**
 * Opaque NextToken handling. A token names the list it belongs to (and the cluster for
 * ListNodes), so a token from one call is rejected by another, as MSK does.
 */

export class PageRequestError extends Error {
  constructor(
    message: string,
    readonly parameter: 'MaxResults' | 'NextToken',
  ) {
    super(message);
  }
}

export const MAX_PAGE_SIZE = 100;

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

function encode(scope: string, offset: number): string {
  return Buffer.from(JSON.stringify({ s: scope, o: offset }), 'utf8').toString('base64url');
}

function decode(token: string, scope: string): number {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const p = parsed as { s?: unknown; o?: unknown } | undefined;
  if (!p || typeof p !== 'object' || p.s !== scope || typeof p.o !== 'number' || !Number.isInteger(p.o) || p.o < 0) {
    throw new PageRequestError('The NextToken is not valid for this request; start again without NextToken.', 'NextToken');
  }
  return p.o;
}

/** Parses the `maxResults` query value; undefined means the default page size. */
export function parseMaxResults(raw: string | null, defaultSize = MAX_PAGE_SIZE): number {
  if (raw === null) return defaultSize;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(n) || n < 1 || n > MAX_PAGE_SIZE) {
    throw new PageRequestError(`MaxResults must be an integer from 1 to ${MAX_PAGE_SIZE}; got "${raw}".`, 'MaxResults');
  }
  return n;
}

export function paginate<T>(all: readonly T[], scope: string, maxResults: string | null, nextToken: string | null, defaultSize = MAX_PAGE_SIZE): Page<T> {
  const size = parseMaxResults(maxResults, defaultSize);
  const start = nextToken === null || nextToken === '' ? 0 : decode(nextToken, scope);
  if (start > all.length) {
    throw new PageRequestError('The NextToken points past the end of the list; start again without NextToken.', 'NextToken');
  }
  const items = all.slice(start, start + size);
  const end = start + items.length;
  return end < all.length ? { items, nextToken: encode(scope, end) } : { items };
}
