import { Command, CommanderError } from 'commander';
import { version } from '../../package.json';
import { EXIT, UsageError } from './errors';
import { registerSandbox } from './sandbox';
import { registerClusters } from './clusters';
import { registerTopics } from './topics';
import { registerGroups } from './groups';
import { registerPeek } from './peek';
import { registerProduce } from './produce';

export { EXIT, UsageError };

export function buildProgram(): Command {
  const program = new Command('msk-tools')
    .description('MSK Tools on the command line: lint producer configs, run the local sandbox, list clusters, topics and consumer groups, peek and produce.')
    .version(version, '-V, --version')
    .showHelpAfterError('(run "msk-tools --help" for usage)')
    .exitOverride();

  registerSandbox(program);
  program
    .command('lint')
    .description('lint producer configs (.properties, YAML, JSON, kafkajs code) for settings that lose or reject data on MSK')
    .argument('<paths...>', 'files and folders to lint (folders are walked, skipping node_modules, .git and git-ignored files)')
    .option('--format <format>', 'text, json, sarif or github', 'text')
    .option('--max-message-bytes <n>', 'the max message size in force, in bytes (default 1048588)')
    .option('--config <file>', 'a .msk-lint.json file (default: .msk-lint.json in the current folder, if any)')
    .action(async (paths: string[], opts: { format?: string; maxMessageBytes?: string; config?: string }) => {
      const { runLint } = await import('./lint');
      process.exitCode = await runLint(paths, opts);
    });

  registerClusters(program);
  registerTopics(program);
  registerGroups(program);
  registerPeek(program);
  registerProduce(program);
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
    return EXIT.internal;
  }
}

/** Runs the command of process.argv, then exits with its code (dist/cli.js, src/cli/launch.ts, calls it). */
export function run(): void {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      process.stderr.write(`msk-tools: ${String(err)}\n`);
      process.exit(EXIT.internal);
    },
  );
}

if (require.main === module) run();
