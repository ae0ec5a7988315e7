// `msk-tools lint [--format text|json|sarif|github] [--max-message-bytes N] [--config FILE] PATH...`
// Loaded on first use by main.ts; the engine itself comes from the lazily loaded lint chunk.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { version } from '../../package.json';
import { EXIT, UsageError } from './main';
import { FORMATS, formatGithub, formatJson, formatSarif, formatText, type FileFindings, type LintFormat } from './lint-report';
import { walk } from './lint-walk';

export interface LintCommandOptions {
  format?: string;
  maxMessageBytes?: string;
  config?: string;
}

export interface LintIo {
  out(s: string): void;
  err(s: string): void;
  cwd: string;
}

const defaultIo: LintIo = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  cwd: process.cwd(),
};

/**
 * A rule's doc page (docs/rules/MSKnnn.md), shipped beside dist/ in the package and the checkout, for
 * SARIF's `help.markdown`: code scanning shows it with the alert. The project has no public docs address,
 * so no link is written.
 */
function ruleDoc(docs: string): string | undefined {
  for (const base of [resolve(__dirname, '..'), resolve(__dirname, '../..')]) {
    try {
      return readFileSync(join(base, docs), 'utf8');
    } catch {
      // not beside this build: try the next place
    }
  }
  return undefined;
}

/** Files larger than this are skipped when found by a walk (named explicitly, they are read). */
const WALK_MAX_BYTES = 4 * 1024 * 1024;

function describeFsError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err.code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    default:
      return err.message ?? String(e);
  }
}

/** Runs the command; returns the exit code (0 clean, 1 error findings, 2 usage or unreadable input). */
export async function runLint(
  paths: string[],
  opts: LintCommandOptions,
  io: LintIo = defaultIo,
  loadEngine: () => Promise<typeof import('../core/lint/index')> = () => import('../core/lint/index'),
): Promise<number> {
  const lint = await loadEngine();
  const format = (opts.format ?? 'text') as LintFormat;
  if (!FORMATS.includes(format)) throw new UsageError(`unknown --format "${opts.format}": use one of ${FORMATS.join(', ')}.`);
  if (paths.length === 0) throw new UsageError('name at least one file or folder to lint, e.g. "msk-tools lint ."');

  let fileOptions = {};
  const configPath = opts.config !== undefined ? resolve(io.cwd, opts.config) : (existsSync(join(io.cwd, '.msk-lint.json')) ? join(io.cwd, '.msk-lint.json') : undefined);
  if (configPath) {
    let text: string;
    try {
      text = readFileSync(configPath, 'utf8');
    } catch (e) {
      throw new UsageError(`cannot read the config file ${configPath}: ${describeFsError(e)}.`);
    }
    try {
      fileOptions = lint.parseLintConfig(text, configPath);
    } catch (e) {
      if (e instanceof lint.LintConfigError) throw new UsageError(e.message);
      throw e;
    }
  }
  let cliOptions = {};
  if (opts.maxMessageBytes !== undefined) {
    const n = /^\d+$/.test(opts.maxMessageBytes) ? Number(opts.maxMessageBytes) : NaN;
    if (!lint.validMaxMessageBytes(n)) throw new UsageError(`--max-message-bytes must be a positive whole number of bytes, not "${opts.maxMessageBytes}".`);
    cliOptions = { maxMessageBytes: n };
  }
  const options = lint.mergeOptions(fileOptions, cliOptions);

  const results: FileFindings[] = [];
  let unreadable = 0;
  const wanted = (name: string) => lint.fileKindFor(name) !== undefined;
  for (const arg of paths) {
    try {
      for (const f of walk(arg, wanted, io.cwd)) {
        if (f.error) {
          io.err(`msk-tools lint: cannot read ${f.path}: ${describeFsError(f.error)}; skipped that folder (the exit code will be 2).\n`);
          unreadable++;
          continue;
        }
        let text: string;
        try {
          if (!f.explicit && statSync(resolve(io.cwd, f.path)).size > WALK_MAX_BYTES) {
            io.err(`msk-tools lint: skipped ${f.path}: larger than ${WALK_MAX_BYTES / 1024 / 1024} MiB (name it explicitly to lint it).\n`);
            continue;
          }
          text = readFileSync(resolve(io.cwd, f.path), 'utf8');
        } catch (e) {
          io.err(`msk-tools lint: cannot read ${f.path}: ${describeFsError(e)}.\n`);
          unreadable++;
          continue;
        }
        const kind = lint.fileKindFor(f.path) ?? 'properties';
        results.push({ file: f.path, findings: lint.lintText(text, f.path, options, kind) });
      }
    } catch (e) {
      io.err(`msk-tools lint: cannot read ${arg}: ${describeFsError(e)}.\n`);
      unreadable++;
    }
  }

  const slugs = new Map(lint.rules.map((r) => [r.meta.id, r.meta.slug]));
  switch (format) {
    case 'json':
      io.out(formatJson(results));
      break;
    case 'sarif':
      io.out(formatSarif(results, lint.rules.map((r) => ({ meta: r.meta, help: ruleDoc(r.meta.docs) })), version, io.cwd));
      break;
    case 'github':
      io.out(formatGithub(results, slugs));
      break;
    default:
      io.out(formatText(results));
  }
  if (unreadable > 0) return EXIT.usage;
  return results.some((r) => r.findings.some((f) => f.severity === 'error')) ? EXIT.findings : EXIT.ok;
}
