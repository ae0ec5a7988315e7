import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const FIXTURES = resolve(__dirname, '../../fixtures/lint');

export function readFixture(rel: string): string {
  return readFileSync(join(FIXTURES, rel), 'utf8');
}

/** Every fixture file, as a path relative to test/fixtures/lint (the manifest and docs excluded). */
export function listFixtures(): string[] {
  const out: string[] = [];
  for (const d of readdirSync(FIXTURES, { withFileTypes: true })) {
    if (!d.isDirectory()) continue;
    for (const f of readdirSync(join(FIXTURES, d.name))) out.push(`${d.name}/${f}`);
  }
  return out.sort();
}

export function expected(): Record<string, string[]> {
  return JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8')) as Record<string, string[]>;
}
