// The questions the connection commands ask, behind one small interface: by default VS Code's own
// quick picks, input boxes and file dialogs. Each question has a stable id, so that the
// extension-host tests can answer them (ExtensionMode.Test only: see extension.ts) without
// driving the UI; no user path ever sees a scripted prompter.
import * as vscode from 'vscode';

export interface PickItem<T> extends vscode.QuickPickItem {
  value: T;
}

export interface Prompter {
  /** One item; undefined when dismissed. */
  pick<T>(id: string, items: PickItem<T>[], options: { title: string; placeHolder?: string }): Promise<T | undefined>;
  /** Text (`password` hides it); undefined when dismissed. */
  input(id: string, options: vscode.InputBoxOptions & { title: string }): Promise<string | undefined>;
  /** One file's path; undefined when dismissed. */
  file(id: string, options: { title: string; filters?: Record<string, string[]> }): Promise<string | undefined>;
  /** A yes/no question in a modal dialog; true only for `yes`. */
  confirm(id: string, message: string, detail: string, yes: string): Promise<boolean>;
}

export const vscodePrompter: Prompter = {
  async pick(_id, items, options) {
    const picked = await vscode.window.showQuickPick(items, { ...options, ignoreFocusOut: true });
    return picked?.value;
  },
  async input(_id, options) {
    return vscode.window.showInputBox({ ignoreFocusOut: true, ...options });
  },
  async file(_id, options) {
    const uris = await vscode.window.showOpenDialog({ title: options.title, canSelectFiles: true, canSelectFolders: false, canSelectMany: false, filters: options.filters, openLabel: 'Select' });
    return uris?.[0]?.fsPath;
  },
  async confirm(_id, message, detail, yes) {
    return (await vscode.window.showWarningMessage(message, { modal: true, detail }, yes)) === yes;
  },
};

let current: Prompter = vscodePrompter;

/** The prompter in force. */
export function prompter(): Prompter {
  return current;
}

/** Replaces the prompter (tests); undefined restores VS Code's. */
export function setPrompter(p: Prompter | undefined): void {
  current = p ?? vscodePrompter;
}
