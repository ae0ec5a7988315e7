import * as vscode from 'vscode';
import { log } from './log';
import { messages } from './messages';

/** Arguments come from VS Code (menus, executeCommand) untyped: a handler checks what it uses. */
export type CommandHandler = (...args: unknown[]) => unknown;

const failures = new Map<string, string>();

/** The last failure of a command since it last succeeded (what the user was shown), for tests and the API. */
export function lastFailure(id: string): string | undefined {
  return failures.get(id);
}

/**
 * Registers every command through one wrapper: each call is logged with its duration, and an error
 * is logged in full and shown to the user with a way to the logs, never swallowed.
 */
export function registerCommand(id: string, title: string, handler: CommandHandler): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    const started = Date.now();
    log().debug(`command ${id} started`);
    try {
      const result = await handler(...args);
      failures.delete(id);
      log().debug(`command ${id} finished in ${Date.now() - started} ms`);
      return result;
    } catch (err) {
      const detail = err instanceof Error ? err.message : String(err);
      log().error(`command ${id} failed after ${Date.now() - started} ms`, err);
      failures.set(id, detail);
      void vscode.window.showErrorMessage(messages.commandFailed(title, detail), messages.showLogs).then((pick) => {
        if (pick === messages.showLogs) log().show();
      });
      return undefined;
    }
  });
}
