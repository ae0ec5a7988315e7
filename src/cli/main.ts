import { Command, CommanderError } from 'commander';
import { version } from '../../package.json';

/** Exit codes shared by every subcommand. */
export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;

/** Thrown by subcommands for a problem the user must fix (bad input, unreadable file): exit 2. */
export class UsageError extends Error {}

export function buildProgram(): Command {
  const program = new Command('msk-tools')
    .description('MSK Tools on the command line: lint producer configs, run the local sandbox, list clusters, peek and produce.')
    .version(version, '-V, --version')
    .showHelpAfterError('(run "msk-tools --help" for usage)')
    .exitOverride();

  for (const [name, what] of [
    ['clusters', 'list MSK clusters in your AWS profiles and regions'],
    ['peek', 'read messages from a topic without a consumer group or committed offsets'],
    ['produce', 'produce messages from a recipe (.msk) or JSON file'],
  ] as const) {
    program
      .command(name)
      .description(`${what} (not available yet)`)
      .allowUnknownOption()
      .allowExcessArguments()
      .action(() => {
        throw new UsageError(`"${name}" is not available in this version yet; see "msk-tools --help" for what is.`);
      });
  }
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  program.configureOutput({
    writeOut: (s) => process.stdout.write(s),
    writeErr: (s) => process.stderr.write(s),
  });
  if (argv.length === 0) {
    program.outputHelp({ error: true });
    return EXIT.usage;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return process.exitCode === undefined ? EXIT.ok : Number(process.exitCode);
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end through exitOverride with code 0
      if (err.exitCode === 0) return EXIT.ok;
      return EXIT.usage;
    }
    if (err instanceof UsageError) {
      process.stderr.write(`msk-tools: ${err.message}\n`);
      return EXIT.usage;
    }
    process.stderr.write(`msk-tools: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    return EXIT.findings + 2; // 3: an internal error, distinct from findings and usage errors
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      process.stderr.write(`msk-tools: ${String(err)}\n`);
      process.exit(3);
    },
  );
}
