import { findTools, inCI } from '../../scripts/lib/tools.mjs';

/**
 * In CI a missing tool fails the suite; elsewhere the suite skips with a loud message.
 * Returns true when the tools are there.
 */
export function requireTools(ctx) {
  const { missing } = findTools();
  if (missing.length === 0) return true;
  const msg = `UI tests need:\n  ${missing.join('\n  ')}`;
  if (inCI()) throw new Error(`${msg}\n(CI=true: a missing tool fails the run)`);
  console.warn(`\n!!! SKIPPING UI TESTS !!!\n${msg}\n`);
  ctx.skip();
  return false;
}
