// The editor face of `.msk` recipes (docs/recipes.md): diagnostics, CodeLens to produce a block,
// completion of fields, topics and template helpers, hover on a helper, folding per block, and MSK003
// for a message larger than its topic's max.message.bytes on a cluster the explorer has read.
// Cheap until a recipe is open: the providers are registered at activation, and the parser (its own
// chunk, dist/recipes.js) loads on first use; Faker (dist/recipes-faker.js) only for a recipe using it.
import * as vscode from 'vscode';
import type * as Core from '../../core/recipes/index';
import { registerCommand } from '../commands';
import { DisposableCollection } from '../disposables';
import type { ConnectedClusters } from '../lint/index';
import { lintMessages } from '../lint/messages';
import { log } from '../log';
import { prompter } from '../prompter';
import { recipeEditorMessages as m } from './messages';

type Recipes = typeof Core;

export const RECIPE_LANGUAGE = 'msk-recipe';
/** The produce command (src/vscode/produce): (uri, blockIndex, count?). */
export const PRODUCE_BLOCK_COMMAND = 'msk.produce.recipeBlock';
/** "Produce ×N…": asks for N, then runs PRODUCE_BLOCK_COMMAND. */
export const PRODUCE_TIMES_COMMAND = 'msk.recipe.produceTimes';
const SELECTOR: vscode.DocumentSelector = [{ language: RECIPE_LANGUAGE, scheme: 'file' }, { language: RECIPE_LANGUAGE, scheme: 'untitled' }];
const DEBOUNCE_MS = 250;
const FIELD_SNIPPETS: [string, string][] = [
  ['topic', 'topic: $1'], ['key', 'key: ${1:{{uuid\\}\\}}'], ['header', 'header ${1:trace-id}: ${2:{{uuid\\}\\}}'], ['partition', 'partition: ${1:0}'],
  ['count', 'count: ${1:10}'], ['timestamp', 'timestamp: ${1:2026-01-31T12:00:00Z}'], ['format', 'format: ${1|json,text|}'],
  ['schema', 'schema: ${1|glue,confluent|}:${2:NAME}@${3:latest}'],
];

const toRange = (r: Core.Range) => new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);

/** A helper's completion snippet, from the example of its table entry (`{{int 1 6}} → 4` gives `int ${1:1} ${2:6}`). */
function helperSnippet(h: Core.HelperSpec, close: boolean): vscode.SnippetString {
  const s = new vscode.SnippetString(h.name);
  const written = /^\{\{([^}]*)\}\}/.exec(h.example)?.[1].trim().split(/\s+/).slice(1) ?? [];
  for (const a of written) {
    s.appendText(' ');
    s.appendPlaceholder(a);
  }
  if (close) s.appendText('}}');
  return s;
}

class RecipeSupport extends DisposableCollection implements vscode.CodeLensProvider, vscode.CompletionItemProvider, vscode.HoverProvider, vscode.FoldingRangeProvider {
  private core?: Promise<Recipes>;
  private diagnostics?: vscode.DiagnosticCollection;
  private readonly parsed = new Map<string, { version: number; recipe: Core.ParsedRecipe }>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly lensesChanged = this.track(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this.lensesChanged.event;
  private readonly checked = this.track(new vscode.EventEmitter<vscode.Uri>());
  /** Fires after the diagnostics of a recipe were set (tests wait on it). */
  readonly onDidCheck = this.checked.event;

  constructor(private readonly context: vscode.ExtensionContext, private readonly connected?: ConnectedClusters) {
    super();
    this.track(vscode.languages.registerCodeLensProvider(SELECTOR, this));
    this.track(vscode.languages.registerCompletionItemProvider(SELECTOR, this, '{', '.', ':', ' '));
    this.track(vscode.languages.registerHoverProvider(SELECTOR, this));
    this.track(vscode.languages.registerFoldingRangeProvider(SELECTOR, this));
    this.track(registerCommand(PRODUCE_TIMES_COMMAND, 'Produce ×N', (uri, index) => this.produceTimes(uri, index)));
    this.track(vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)));
    this.track(vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document, DEBOUNCE_MS)));
    this.track(vscode.workspace.onDidCloseTextDocument((d) => {
      this.diagnostics?.delete(d.uri);
      this.parsed.delete(d.uri.toString());
    }));
    // a cluster read (or lost) changes which topics are known and their limits
    if (connected) this.track(connected.onDidChange(() => {
      if (this.core) for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
    }));
    this.track({ dispose: () => this.timers.forEach((t) => clearTimeout(t)) });
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
  }

  private load(): Promise<Recipes> {
    this.core ??= import('../../core/recipes/index').then((core) => {
      this.diagnostics = this.track(vscode.languages.createDiagnosticCollection(m.source));
      log().info('MSK Tools: recipe support loaded');
      return core;
    });
    return this.core;
  }

  private async parse(doc: vscode.TextDocument): Promise<{ core: Recipes; recipe: Core.ParsedRecipe }> {
    const core = await this.load();
    const key = doc.uri.toString();
    const cached = this.parsed.get(key);
    if (cached && cached.version === doc.version) return { core, recipe: cached.recipe };
    const recipe = core.parseRecipe(doc.getText());
    if (!doc.isClosed) this.parsed.set(key, { version: doc.version, recipe });
    return { core, recipe };
  }

  private schedule(doc: vscode.TextDocument, delay: number): void {
    if (doc.languageId !== RECIPE_LANGUAGE || (doc.uri.scheme !== 'file' && doc.uri.scheme !== 'untitled')) return;
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      void this.check(doc);
    }, delay));
  }

  private async check(doc: vscode.TextDocument): Promise<void> {
    try {
      if (doc.isClosed) return;
      const version = doc.version;
      const { core, recipe } = await this.parse(doc);
      const found: vscode.Diagnostic[] = recipe.errors.map((e) => {
        const d = new vscode.Diagnostic(toRange(e.range), e.detail, e.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
        d.source = m.source;
        return d;
      });
      // Faker's names are known once it is loaded, which only a recipe that uses it does
      if (recipe.blocks.some((b) => core.usesFaker(b))) {
        for (const e of core.checkFakerHelpers(recipe, await core.loadFaker())) {
          const d = new vscode.Diagnostic(toRange(e.range), e.detail, vscode.DiagnosticSeverity.Error);
          d.source = m.source;
          found.push(d);
        }
      }
      for (const f of core.oversizeFindings(recipe, this.connected?.clusters() ?? [])) {
        const d = new vscode.Diagnostic(toRange(f.range), f.message, f.severity === 'error' ? vscode.DiagnosticSeverity.Error : f.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information);
        // the linter's source and code: the same rule, with its packaged doc page
        d.source = lintMessages.source;
        d.code = { value: f.ruleId, target: vscode.Uri.joinPath(this.context.extensionUri, core.OVERSIZE_RULE.docs) };
        found.push(d);
      }
      if (doc.isClosed || doc.version !== version) return;
      this.diagnostics!.set(doc.uri, found);
      this.lensesChanged.fire();
    } catch (e) {
      log().error(m.analyseFailed(doc.uri.fsPath), e);
    } finally {
      this.checked.fire(doc.uri);
    }
  }

  async provideCodeLenses(doc: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const { recipe } = await this.parse(doc);
    const lenses: vscode.CodeLens[] = [];
    for (const b of recipe.blocks) {
      const at = new vscode.Range(b.range.start.line, 0, b.range.start.line, 0);
      lenses.push(new vscode.CodeLens(at, { title: m.produce, tooltip: m.produceTooltip, command: PRODUCE_BLOCK_COMMAND, arguments: [doc.uri, b.index, 1] }));
      lenses.push(b.count > 1
        ? new vscode.CodeLens(at, { title: m.produceTimes(b.count), tooltip: m.produceTimesTooltip(b.count), command: PRODUCE_BLOCK_COMMAND, arguments: [doc.uri, b.index, b.count] })
        : new vscode.CodeLens(at, { title: m.produceAsk, tooltip: m.produceAskTooltip, command: PRODUCE_TIMES_COMMAND, arguments: [doc.uri, b.index] }));
    }
    return lenses;
  }

  private async produceTimes(uri: unknown, index: unknown): Promise<unknown> {
    if (!(uri instanceof vscode.Uri) || typeof index !== 'number') throw new Error('run "Produce ×N…" from the CodeLens above a recipe block');
    const doc = await vscode.workspace.openTextDocument(uri);
    const { core, recipe } = await this.parse(doc);
    const b = recipe.blocks[index];
    if (!b) throw new Error(`the recipe has no block ${index + 1} any more: use the CodeLens above the block`);
    const max = core.MAX_COUNT;
    const answer = await prompter().input('recipe.count', {
      title: m.askTitle, prompt: m.askPrompt(m.blockName(b.title, b.index)), value: '10',
      validateInput: (v) => (/^\d{1,7}$/.test(v.trim()) && Number(v) >= 1 && Number(v) <= max ? undefined : m.badCount(max)),
    });
    if (answer === undefined) return undefined;
    return vscode.commands.executeCommand(PRODUCE_BLOCK_COMMAND, uri, index, Number(answer.trim()));
  }

  async provideCompletionItems(doc: vscode.TextDocument, pos: vscode.Position): Promise<vscode.CompletionItem[] | undefined> {
    const core = await this.load();
    const ctx = core.completionContext(doc.getText(), pos);
    if (!ctx) return undefined;
    const range = new vscode.Range(pos.line, ctx.start, pos.line, Math.max(ctx.end, pos.character));
    switch (ctx.kind) {
      case 'field':
        return FIELD_SNIPPETS.map(([name, body], i) => {
          const item = new vscode.CompletionItem(name === 'header' ? 'header NAME' : name, vscode.CompletionItemKind.Field);
          item.insertText = new vscode.SnippetString(body);
          item.detail = m.fieldDetail[name];
          item.range = range;
          item.filterText = name;
          item.sortText = String(i);
          return item;
        });
      case 'topic': {
        const items = new Map<string, vscode.CompletionItem>();
        for (const c of this.connected?.clusters() ?? []) {
          for (const [topic, bytes] of Object.entries(c.topicMaxMessageBytes)) {
            if (items.has(topic)) continue;
            const item = new vscode.CompletionItem(topic, vscode.CompletionItemKind.Value);
            item.detail = m.topicDetail(c.name, bytes);
            item.range = range;
            items.set(topic, item);
          }
        }
        return [...items.values()];
      }
      case 'format':
        return [['json', m.formatJson], ['text', m.formatText]].map(([label, detail]) => {
          const item = new vscode.CompletionItem(label, vscode.CompletionItemKind.EnumMember);
          item.detail = detail;
          item.range = range;
          return item;
        });
      case 'schema':
        return [['glue', m.schemaGlue], ['confluent', m.schemaConfluent]].map(([label, detail]) => {
          const item = new vscode.CompletionItem(`${label}:`, vscode.CompletionItemKind.EnumMember);
          item.detail = detail;
          item.range = range;
          return item;
        });
      case 'helper':
        return this.helperItems(core, ctx, pos);
    }
  }

  private async helperItems(core: Recipes, ctx: Extract<Core.CompletionContext, { kind: 'helper' }>, pos: vscode.Position): Promise<vscode.CompletionItem[]> {
    const close = !ctx.closed;
    if (ctx.prefix.startsWith('faker.')) {
      const parts = ctx.prefix.split('.');
      const segStart = ctx.start + ctx.prefix.lastIndexOf('.') + 1;
      const range = new vscode.Range(pos.line, segStart, pos.line, Math.max(pos.character, ctx.start + ctx.prefix.length));
      const faker = await core.loadFaker();
      if (parts.length === 2) {
        return core.fakerModules(faker).map((mod) => {
          const item = new vscode.CompletionItem(mod, vscode.CompletionItemKind.Module);
          item.detail = m.fakerModule(mod);
          item.insertText = `${mod}.`;
          item.range = range;
          item.command = { title: 'methods', command: 'editor.action.triggerSuggest' };
          return item;
        });
      }
      const mod = (faker as Record<string, unknown>)[parts[1]];
      if (parts.length !== 3 || !mod || typeof mod !== 'object') return [];
      return core.fakerMethods(mod).map((method) => {
        const item = new vscode.CompletionItem(method, vscode.CompletionItemKind.Function);
        item.detail = m.fakerMethod(`${parts[1]}.${method}`);
        item.insertText = close ? `${method}}}` : method;
        item.range = range;
        const url = core.fakerDocsUrl(`faker.${parts[1]}.${method}`);
        if (url) item.documentation = new vscode.MarkdownString(`[${m.fakerDocs}](${url})`);
        return item;
      });
    }
    const range = new vscode.Range(pos.line, ctx.start, pos.line, Math.max(ctx.end, pos.character));
    const items = core.HELPERS.map((h, i) => {
      const item = new vscode.CompletionItem(h.name, vscode.CompletionItemKind.Function);
      item.detail = h.signature;
      item.documentation = new vscode.MarkdownString(`${h.description}\n\n${m.typeNote(h.type)}`);
      item.insertText = helperSnippet(h, close);
      item.range = range;
      item.sortText = String(i).padStart(2, '0');
      return item;
    });
    const faker = new vscode.CompletionItem('faker', vscode.CompletionItemKind.Module);
    faker.detail = m.fakerHelper;
    faker.insertText = 'faker.';
    faker.range = range;
    faker.sortText = '99';
    faker.command = { title: 'modules', command: 'editor.action.triggerSuggest' };
    return [...items, faker];
  }

  async provideHover(doc: vscode.TextDocument, pos: vscode.Position): Promise<vscode.Hover | undefined> {
    const { core, recipe } = await this.parse(doc);
    const t = core.templateAt(recipe, pos);
    if (!t) return undefined;
    const md = new vscode.MarkdownString();
    if (core.isFakerHelper(t.helper)) {
      md.appendMarkdown(m.fakerHover(t.helper));
      const faker = await core.loadFaker();
      const r = core.resolveFaker(faker, t.helper);
      if ('problem' in r) {
        md.appendMarkdown(`\n\n${r.problem}`);
      } else {
        try {
          const sample = core.runFakerHelper(faker, t.helper, t.args);
          md.appendMarkdown(`\n\n${m.fakerExample(sample.length > 120 ? `${sample.slice(0, 117)}…` : sample)}`);
        } catch {
          // an example is a courtesy: arguments Faker refuses are reported when producing
        }
        md.appendMarkdown(`\n\n${m.fakerArgs}`);
      }
      const url = core.fakerDocsUrl(t.helper);
      if (url) md.appendMarkdown(`\n\n[${m.fakerDocs}](${url})`);
    } else {
      const h = core.helperSpec(t.helper);
      if (!h) return undefined;
      md.appendCodeblock(h.signature, 'msk-recipe');
      md.appendMarkdown(`${h.description}\n\n${m.typeNote(h.type)}\n\nExample: \`${h.example}\``);
    }
    return new vscode.Hover(md, toRange(t.range));
  }

  async provideFoldingRanges(doc: vscode.TextDocument): Promise<vscode.FoldingRange[]> {
    const { core, recipe } = await this.parse(doc);
    return core.foldingRanges(recipe).map((f) => new vscode.FoldingRange(f.start, f.end, f.kind === 'block' ? vscode.FoldingRangeKind.Region : undefined));
  }
}

/** What the recipe support tells the extension-host tests. */
export interface RecipeEvents {
  readonly onDidCheck: vscode.Event<vscode.Uri>;
}

/** Wires `.msk` editing support. Cheap: providers and listeners only, until a recipe is open. */
export function registerRecipes(context: vscode.ExtensionContext, connected?: ConnectedClusters): RecipeEvents {
  const support = new RecipeSupport(context, connected);
  context.subscriptions.push(support);
  return support;
}
