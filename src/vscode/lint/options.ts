import * as vscode from 'vscode';
import type * as Engine from '../../core/lint/index';
import { log } from '../log';
import { lintMessages } from './messages';

type LintEngine = typeof Engine;
type LintOptions = Engine.LintOptions;

export const CONFIG_FILE = '.msk-lint.json';

/**
 * Lint options for a document: the workspace folder's .msk-lint.json (shared with CI), then the
 * msk.lint.* settings a user has set explicitly, which win.
 */
export class LintOptionsSource implements vscode.Disposable {
  private readonly fileCache = new Map<string, Promise<LintOptions | undefined>>();
  private readonly watcher: vscode.FileSystemWatcher;
  private readonly listeners: vscode.Disposable[] = [];

  constructor(
    private readonly engine: LintEngine,
    private readonly configProblems: vscode.DiagnosticCollection,
    onChange: () => void,
  ) {
    this.watcher = vscode.workspace.createFileSystemWatcher(`**/${CONFIG_FILE}`);
    const invalidate = (uri: vscode.Uri) => {
      this.fileCache.delete(vscode.Uri.joinPath(uri, '..').toString());
      onChange();
    };
    this.listeners.push(this.watcher.onDidChange(invalidate), this.watcher.onDidCreate(invalidate), this.watcher.onDidDelete(invalidate));
  }

  enabled(uri: vscode.Uri): boolean {
    return vscode.workspace.getConfiguration('msk.lint', uri).get<boolean>('enable', true);
  }

  async optionsFor(uri: vscode.Uri): Promise<LintOptions> {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const fromFile = folder ? await this.fileOptions(folder.uri) : undefined;
    return this.engine.mergeOptions(fromFile, this.settingOptions(uri));
  }

  private settingOptions(uri: vscode.Uri): LintOptions {
    const cfg = vscode.workspace.getConfiguration('msk.lint', uri);
    const explicit = <T>(key: string): T | undefined => {
      const i = cfg.inspect<T>(key);
      return i?.workspaceFolderValue ?? i?.workspaceValue ?? i?.globalValue;
    };
    const out: LintOptions = {};
    const max = explicit<number | null>('maxMessageBytes');
    if (max !== undefined && max !== null && this.engine.validMaxMessageBytes(max)) out.maxMessageBytes = max;
    const severity = explicit<Record<string, string>>('severity');
    if (severity && Object.keys(severity).length > 0) {
      try {
        out.rules = this.engine.parseSeverities(severity, 'msk.lint.severity');
      } catch (e) {
        log().warn(lintMessages.badSetting((e as Error).message));
      }
    }
    return out;
  }

  private fileOptions(folder: vscode.Uri): Promise<LintOptions | undefined> {
    const key = folder.toString();
    let p = this.fileCache.get(key);
    if (!p) {
      p = this.readFile(vscode.Uri.joinPath(folder, CONFIG_FILE));
      this.fileCache.set(key, p);
    }
    return p;
  }

  private async readFile(file: vscode.Uri): Promise<LintOptions | undefined> {
    let bytes: Uint8Array;
    try {
      bytes = await vscode.workspace.fs.readFile(file);
    } catch {
      this.configProblems.delete(file);
      return undefined; // no .msk-lint.json in this folder
    }
    try {
      const options = this.engine.parseLintConfig(Buffer.from(bytes).toString('utf8'), CONFIG_FILE);
      this.configProblems.delete(file);
      return options;
    } catch (e) {
      const detail = (e as Error).message;
      log().warn(lintMessages.badConfig(file.fsPath, detail));
      const d = new vscode.Diagnostic(new vscode.Range(0, 0, 0, 0), detail, vscode.DiagnosticSeverity.Error);
      d.source = lintMessages.source;
      this.configProblems.set(file, [d]);
      return undefined;
    }
  }

  dispose(): void {
    this.watcher.dispose();
    for (const l of this.listeners) l.dispose();
  }
}
