// The schema commands of the activation bundle: the Confluent registry's password (SecretStorage,
// never settings). The SchemaContext made here goes to the viewer chunk, which builds the sessions.
import * as vscode from 'vscode';
import type { SandboxInfo } from '../../sandbox/sandbox';
import { registerCommand } from '../commands';
import { CONFLUENT_PASSWORD_KEY, type SchemaContext } from './context';

const text = {
  prompt: (user: string) => `Password (or API secret) of ${user} for the Confluent Schema Registry in msk.schemas.confluent`,
  noUser: 'MSK Tools: set msk.schemas.confluent.url and .username in your settings first; the password is then stored here, in VS Code\'s SecretStorage.',
  saved: 'MSK Tools: the Confluent Schema Registry password is stored in VS Code\'s SecretStorage. Viewers opened from now on use it.',
  cleared: 'MSK Tools: the Confluent Schema Registry password was removed from SecretStorage.',
};

export function registerSchemaCommands(secrets: vscode.SecretStorage, sandbox: () => SandboxInfo | undefined): { context: SchemaContext; disposables: vscode.Disposable[] } {
  let generation = 0;
  const context: SchemaContext = { secrets, sandbox, generation: () => generation };
  const disposables = [
    registerCommand('msk.schemas.setConfluentPassword', 'Set Confluent Schema Registry Password', async (arg?: unknown) => {
      const user = vscode.workspace.getConfiguration('msk.schemas').get<{ username?: string }>('confluent')?.username;
      // extension-host tests pass the password; the palette asks for it
      const given = typeof arg === 'string' ? arg : undefined;
      if (!user && given === undefined) {
        void vscode.window.showWarningMessage(text.noUser);
        return false;
      }
      const value = given ?? (await vscode.window.showInputBox({ prompt: text.prompt(user ?? ''), password: true, ignoreFocusOut: true }));
      if (value === undefined) return false;
      if (value === '') await secrets.delete(CONFLUENT_PASSWORD_KEY);
      else await secrets.store(CONFLUENT_PASSWORD_KEY, value);
      generation++;
      void vscode.window.showInformationMessage(value === '' ? text.cleared : text.saved);
      return true;
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('msk.schemas')) generation++;
    }),
  ];
  return { context, disposables };
}
