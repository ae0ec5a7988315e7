// "MSK: Add Connection…" for a direct bootstrap address. Connections are kept in the user's
// `msk.connections` setting: names and addresses only, never credentials.
import * as vscode from 'vscode';
import { bootstrapProblem } from '../core/bootstrap';
import type { ConnectionSpec } from '../kafka/index';

const text = {
  bootstrapPrompt: 'Bootstrap brokers (host:port, several separated by commas)',
  bootstrapPlaceholder: 'b-1.mycluster.abc123.c2.kafka.us-east-1.amazonaws.com:9098,b-2…:9098',
  namePrompt: 'A name for this connection',
  nameTaken: (name: string) => `A connection named "${name}" exists already: choose another name.`,
  added: (name: string) => `MSK Tools: added the connection "${name}".`,
};

export async function addConnection(): Promise<ConnectionSpec | undefined> {
  const bootstrap = await vscode.window.showInputBox({
    title: 'MSK: Add Connection (1/2)', prompt: text.bootstrapPrompt, placeHolder: text.bootstrapPlaceholder,
    ignoreFocusOut: true, validateInput: (v) => bootstrapProblem(v),
  });
  if (bootstrap === undefined) return undefined;
  const config = vscode.workspace.getConfiguration('msk');
  const existing = config.get<ConnectionSpec[]>('connections', []) ?? [];
  const suggested = bootstrap.split(',')[0].split('.')[1] ?? bootstrap.split(',')[0];
  const name = await vscode.window.showInputBox({
    title: 'MSK: Add Connection (2/2)', prompt: text.namePrompt, value: suggested, ignoreFocusOut: true,
    validateInput: (v) => (!v.trim() ? text.namePrompt : existing.some((c) => c.name === v.trim()) ? text.nameTaken(v.trim()) : undefined),
  });
  if (name === undefined) return undefined;
  const spec = { name: name.trim(), bootstrap: bootstrap.split(',').map((s) => s.trim()).filter(Boolean).join(',') };
  await config.update('connections', [...existing, spec], vscode.ConfigurationTarget.Global);
  void vscode.window.showInformationMessage(text.added(spec.name));
  return spec;
}
