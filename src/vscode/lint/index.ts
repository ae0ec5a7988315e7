// The editor face of the lint engine: diagnostics on open, (debounced) change and save, and quick
// fixes built from the engine's fix data. Nothing loads until a document the linter reads is open.
import * as vscode from 'vscode';
import type * as Engine from '../../core/lint/index';
import { fileKindForLanguage, lintedDocumentFilters, worthLinting, type FileKind } from '../../core/lint/kinds';
import { DisposableCollection } from '../disposables';
import { log } from '../log';
import { lintMessages } from './messages';
import { LintOptionsSource } from './options';
import { SkippedNote, maxFileSize, tooLarge } from './size';

type LintEngine = typeof Engine;
type LintOptions = Engine.LintOptions;
type ConnectedCluster = Engine.ConnectedCluster;

const DEBOUNCE_MS = 300;
/** How much of a document too large to lint is read to decide whether to say so. */
const NOTE_SAMPLE_CHARS = 64 * 1024;
// the one list of linted languages (core/lint/kinds.ts) decides diagnostics, code actions and, in
// package.json, activation
const SELECTOR: vscode.DocumentSelector = lintedDocumentFilters();

function kindOf(doc: vscode.TextDocument): FileKind | undefined {
  if (doc.uri.scheme !== 'file' && doc.uri.scheme !== 'untitled') return undefined;
  return fileKindForLanguage(doc.languageId);
}

const toRange = (r: Engine.Range) => new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);

const SEVERITY: Record<Engine.Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/** The rule id a diagnostic of ours carries in its code. */
export function ruleIdOf(d: vscode.Diagnostic): string | undefined {
  if (d.source !== lintMessages.source) return undefined;
  const code = d.code;
  if (typeof code === 'object' && code !== null) return String(code.value);
  return code === undefined ? undefined : String(code);
}

class LintController extends DisposableCollection implements vscode.CodeActionProvider {
  private engine?: Promise<LintEngine>;
  private loaded?: LintEngine;
  private diagnostics?: vscode.DiagnosticCollection;
  private options?: LintOptionsSource;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** The status bar note for documents too large to lint. */
  readonly skipped = this.track(new SkippedNote());
  private readonly linted = this.track(new vscode.EventEmitter<vscode.Uri>());
  /** Fires after every lint pass of a document, whether it found anything or not (tests wait on it). */
  readonly onDidLint = this.linted.event;

  constructor(private readonly context: vscode.ExtensionContext, private readonly connected?: ConnectedClusters) {
    super();
    if (connected) this.track(connected.onDidChange(() => this.relintAll()));
    this.track(vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)));
    this.track(vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document, DEBOUNCE_MS)));
    this.track(vscode.workspace.onDidSaveTextDocument((d) => this.schedule(d, 0)));
    this.track(vscode.workspace.onDidCloseTextDocument((d) => {
      this.diagnostics?.delete(d.uri);
      this.skipped.forget(d.uri);
    }));
    this.track(vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('msk.lint')) this.relintAll();
    }));
    this.track({ dispose: () => this.timers.forEach((t) => clearTimeout(t)) });
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
  }

  private docsUri(engine: LintEngine, ruleId: string): vscode.Uri {
    const rule = engine.rules.find((r) => r.meta.id === ruleId);
    // the page packaged with the extension (docs/rules/ is in the .vsix): no web address to go stale
    return vscode.Uri.joinPath(this.context.extensionUri, rule?.meta.docs ?? `docs/rules/${ruleId}.md`);
  }

  /** Loads the engine and creates the editor objects on first need. */
  private load(): Promise<LintEngine> {
    this.engine ??= import('../../core/lint/index').then((engine) => {
      this.loaded = engine;
      this.diagnostics = this.track(vscode.languages.createDiagnosticCollection('msk-lint'));
      this.options = this.track(new LintOptionsSource(engine, this.diagnostics, () => this.relintAll()));
      this.track(vscode.languages.registerCodeActionsProvider(SELECTOR, this, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }));
      log().info('MSK Tools: lint engine loaded');
      return engine;
    });
    return this.engine;
  }

  private schedule(doc: vscode.TextDocument, delay: number): void {
    const kind = kindOf(doc);
    if (!kind) return;
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      void this.lint(doc, kind);
    }, delay));
  }

  /** Adds the clusters the explorer has read, so MSK003 can use a named topic's real limit. */
  private withClusters(options: LintOptions): LintOptions {
    const clusters = this.connected?.clusters() ?? [];
    return clusters.length ? { ...options, clusters } : options;
  }

  private relintAll(): void {
    // a skipped document may be linted now (the size limit changed) even before the engine loads
    if (!this.engine && !this.skipped.any()) return;
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
  }

  private async lint(doc: vscode.TextDocument, kind: FileKind): Promise<void> {
    try {
      await this.lintOnce(doc, kind);
    } finally {
      this.linted.fire(doc.uri);
    }
  }

  private async lintOnce(doc: vscode.TextDocument, kind: FileKind): Promise<void> {
    if (doc.isClosed) return;
    const text = doc.getText();
    // linting runs on the extension host's thread: a document over the limit is not linted at all
    const limit = maxFileSize(doc.uri);
    if (tooLarge(text, limit)) {
      this.diagnostics?.delete(doc.uri);
      // the note is for documents that look like Kafka configs, judged by their start (cheaply);
      // a large lock file or data dump is skipped without one
      if (worthLinting(kind, text.slice(0, NOTE_SAMPLE_CHARS))) this.skipped.skip(doc.uri, limit);
      else this.skipped.forget(doc.uri);
      return;
    }
    this.skipped.forget(doc.uri);
    if (!worthLinting(kind, text) && !this.diagnostics?.has(doc.uri)) return;
    try {
      const engine = await this.load();
      if (!this.options!.enabled(doc.uri)) {
        this.diagnostics!.delete(doc.uri);
        return;
      }
      const options = this.withClusters(await this.options!.optionsFor(doc.uri));
      if (doc.isClosed) return;
      const findings = engine.lintText(doc.getText(), doc.fileName, options, kind);
      this.diagnostics!.set(doc.uri, findings.map((f) => {
        const d = new vscode.Diagnostic(toRange(f.range), f.message, SEVERITY[f.severity]);
        d.source = lintMessages.source;
        d.code = { value: f.ruleId, target: this.docsUri(engine, f.ruleId) };
        return d;
      }));
    } catch (e) {
      log().error(lintMessages.lintFailed(doc.uri.fsPath), e);
    }
  }

  async provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, ctx: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    const ours = ctx.diagnostics.filter((d) => ruleIdOf(d) !== undefined);
    const kind = kindOf(doc);
    if (ours.length === 0 || !kind || !this.loaded || !this.options) return [];
    if (tooLarge(doc.getText(), maxFileSize(doc.uri))) return [];
    const engine = this.loaded;
    // lint the current text again so fixes never apply to a stale version
    const findings = engine.lintText(doc.getText(), doc.fileName, this.withClusters(await this.options.optionsFor(doc.uri)), kind);
    const actions: vscode.CodeAction[] = [];
    for (const d of ours) {
      const ruleId = ruleIdOf(d)!;
      const f = findings.find((x) => x.ruleId === ruleId && toRange(x.range).isEqual(d.range) && x.message === d.message)
        ?? findings.find((x) => x.ruleId === ruleId && toRange(x.range).isEqual(d.range));
      if (f?.fix) {
        const action = new vscode.CodeAction(f.fix.title, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [d];
        // only a fix confined to its rule is preferred; an auth rewrite (MSK005) is a suggestion to review
        action.isPreferred = f.fix.preferred;
        action.edit = new vscode.WorkspaceEdit();
        for (const e of f.fix.edits) action.edit.replace(doc.uri, toRange(e.range), e.newText);
        actions.push(action);
      }
      const comment = kind === 'kafkajs' ? '//' : kind === 'json' ? undefined : '#';
      if (comment) {
        const line = doc.lineAt(d.range.start.line);
        const indent = line.text.slice(0, line.firstNonWhitespaceCharacterIndex);
        const action = new vscode.CodeAction(lintMessages.disableForLine(ruleId), vscode.CodeActionKind.QuickFix);
        action.diagnostics = [d];
        action.edit = new vscode.WorkspaceEdit();
        action.edit.insert(doc.uri, line.range.start, `${indent}${comment} msk-lint-disable-next-line ${ruleId}${doc.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n'}`);
        actions.push(action);
      }
    }
    return actions;
  }
}

/** Wires producer-config diagnostics into the editor. Cheap: listeners only, until a config is open. */
/** Clusters the editor is connected to, for checks that need a cluster's real settings. */
export interface ConnectedClusters {
  clusters(): ConnectedCluster[];
  readonly onDidChange: vscode.Event<void>;
}

/** What the linter tells the rest of the extension (and the extension-host tests). */
export interface LintEvents {
  readonly onDidLint: vscode.Event<vscode.Uri>;
  /** The status bar note on documents too large to lint. */
  readonly skipped: Pick<SkippedNote, 'shown'>;
}

export function registerLint(context: vscode.ExtensionContext, connected?: ConnectedClusters): LintEvents {
  const controller = new LintController(context, connected);
  context.subscriptions.push(controller);
  return controller;
}
