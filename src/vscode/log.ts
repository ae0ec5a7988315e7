import * as vscode from 'vscode';

let channel: vscode.LogOutputChannel | undefined;

/** The single "MSK Tools" output channel. Never log secrets: callers pass redacted values only. */
export function log(): vscode.LogOutputChannel {
  channel ??= vscode.window.createOutputChannel('MSK Tools', { log: true });
  return channel;
}

export function disposeLog(): void {
  channel?.dispose();
  channel = undefined;
}
