// Linting runs on the extension host's one thread, so a huge document (a 5.7 MB YAML file takes about
// half a second) would hold up every extension. Documents above `msk.lint.maxFileSize` are not
// linted; a status bar note says so while such a document is the active editor.
import * as vscode from 'vscode';
import { lintMessages } from './messages';

export const DEFAULT_MAX_FILE_SIZE = 1024 * 1024;

/** The `msk.lint.maxFileSize` in force for a document, in bytes. */
export function maxFileSize(uri: vscode.Uri): number {
  const v = vscode.workspace.getConfiguration('msk.lint', uri).get<number>('maxFileSize', DEFAULT_MAX_FILE_SIZE);
  return typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : DEFAULT_MAX_FILE_SIZE;
}

/** Whether a text is larger than `limit` bytes in UTF-8, without encoding it when its length decides. */
export function tooLarge(text: string, limit: number): boolean {
  // a UTF-16 unit takes 1 to 3 bytes in UTF-8
  if (text.length > limit) return true;
  if (text.length * 3 <= limit) return false;
  return Buffer.byteLength(text, 'utf8') > limit;
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}

/** The status bar item, created on the first skipped document and shown while one is active. */
export class SkippedNote implements vscode.Disposable {
  private readonly limits = new Map<string, number>();
  private item?: vscode.StatusBarItem;
  private readonly listener: vscode.Disposable;
  private current?: { text: string; tooltip: string };

  constructor() {
    this.listener = vscode.window.onDidChangeActiveTextEditor(() => this.update());
  }

  skip(uri: vscode.Uri, limit: number): void {
    this.limits.set(uri.toString(), limit);
    this.update();
  }

  forget(uri: vscode.Uri): void {
    if (this.limits.delete(uri.toString())) this.update();
  }

  any(): boolean {
    return this.limits.size > 0;
  }

  /** What the status bar shows now, if anything (the extension-host tests read it). */
  shown(): { text: string; tooltip: string } | undefined {
    return this.current;
  }

  private update(): void {
    const uri = vscode.window.activeTextEditor?.document.uri;
    const limit = uri ? this.limits.get(uri.toString()) : undefined;
    if (limit === undefined) {
      this.current = undefined;
      this.item?.hide();
      return;
    }
    if (!this.item) {
      this.item = vscode.window.createStatusBarItem('msk.lint.skipped', vscode.StatusBarAlignment.Right, 100);
      this.item.name = lintMessages.skippedName;
      this.item.command = { title: lintMessages.skippedName, command: 'workbench.action.openSettings', arguments: ['msk.lint.maxFileSize'] };
    }
    this.current = { text: lintMessages.skippedText, tooltip: lintMessages.skippedTooltip(formatBytes(limit)) };
    this.item.text = this.current.text;
    this.item.tooltip = this.current.tooltip;
    this.item.show();
  }

  dispose(): void {
    this.listener.dispose();
    this.item?.dispose();
  }
}
