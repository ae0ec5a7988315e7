// msk.snippets.saveToTeam and msk.snippets.insertFromTeam: the team's snippets in the workspace's
// .vscode/msk.code-snippets (VS Code's project snippet file, so VS Code also offers them as completions).
// The file handling and the secret check are pure (src/core/snippets, loaded lazily with jsonc-parser).
import * as vscode from 'vscode';
import { registerCommand } from '../commands';
import { snippetMessages as m } from './messages';

type SnippetsCore = typeof import('../../core/snippets/index');
const loadCore = (): Promise<SnippetsCore> => import('../../core/snippets/index');

/** Languages that read the same config, so a snippet saved in one is offered in the others. */
const LANGUAGE_FAMILIES: readonly string[][] = [
  ['properties', 'java-properties', 'spring-boot-properties'],
  ['yaml', 'spring-boot-properties-yaml'],
  ['json', 'jsonc'],
  ['javascript', 'javascriptreact', 'typescript', 'typescriptreact'],
];

function scopeFor(languageId: string): string | undefined {
  if (languageId === 'plaintext') return undefined;
  return (LANGUAGE_FAMILIES.find((f) => f.includes(languageId)) ?? [languageId]).join(',');
}

/** Options a caller may pass instead of answering the prompts (other commands, tests). */
interface SaveArgs { prefix?: string; description?: string }
interface InsertArgs { prefix?: string }

function folderOf(doc: vscode.TextDocument | undefined): vscode.WorkspaceFolder {
  const folder = (doc && vscode.workspace.getWorkspaceFolder(doc.uri)) ?? vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error(m.noFolder);
  return folder;
}

async function readFile(uri: vscode.Uri): Promise<string> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch (e) {
    if (e instanceof vscode.FileSystemError && e.code === 'FileNotFound') return '';
    throw e;
  }
}

export async function saveToTeam(args?: SaveArgs): Promise<vscode.Uri | undefined> {
  const editor = vscode.window.activeTextEditor;
  const selection = editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection) : '';
  if (!editor || selection.trim() === '') throw new Error(m.noSelection);
  const core = await loadCore();
  // before any prompt: nothing that holds a secret is written, or even asked about
  const secrets = core.findSecrets(selection);
  if (secrets.length) throw new Error(m.secretFound(core.describeSecrets(secrets)));

  const folder = folderOf(editor.document);
  const file = vscode.Uri.joinPath(folder.uri, core.TEAM_SNIPPETS_PATH);
  if (vscode.workspace.textDocuments.some((d) => d.uri.toString() === file.toString() && d.isDirty)) throw new Error(m.dirty);
  const current = await readFile(file);
  const taken = core.usedPrefixes(current); // also refuses a file that is not JSON, before asking anything

  const validatePrefix = (p: string) => (p.trim() === '' ? m.prefixEmpty : /\s/.test(p.trim()) ? m.prefixSpaces : taken.has(p.trim()) ? m.prefixTaken(p.trim()) : undefined);
  let prefix = args?.prefix;
  if (prefix === undefined) {
    prefix = await vscode.window.showInputBox({ title: m.saveTitle, prompt: m.prefixPrompt, placeHolder: m.prefixPlaceholder, validateInput: validatePrefix, ignoreFocusOut: true });
    if (prefix === undefined) return undefined;
  } else {
    const problem = validatePrefix(prefix);
    if (problem) throw new Error(problem);
  }
  let description = args?.description;
  if (description === undefined) {
    description = await vscode.window.showInputBox({ title: m.saveTitle, prompt: m.descriptionPrompt, placeHolder: m.descriptionPlaceholder, ignoreFocusOut: true });
    if (description === undefined) return undefined;
  }

  const { text, name } = core.addTeamSnippet(current, { prefix: prefix.trim(), description: description.trim(), selection, scope: scopeFor(editor.document.languageId) });
  await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(folder.uri, '.vscode'));
  await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(text));
  void vscode.window.showInformationMessage(m.saved(name, prefix.trim()), m.openFile).then((pick) => {
    if (pick === m.openFile) void vscode.window.showTextDocument(file);
  });
  return file;
}

export async function insertFromTeam(args?: InsertArgs): Promise<string | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) throw new Error(m.noEditor);
  const core = await loadCore();
  const file = vscode.Uri.joinPath(folderOf(editor.document).uri, core.TEAM_SNIPPETS_PATH);
  const snippets = core.readTeamSnippets(await readFile(file));
  if (snippets.length === 0) {
    void vscode.window.showInformationMessage(m.none);
    return undefined;
  }
  const language = editor.document.languageId;
  const fits = (s: { scope?: string }) => !s.scope || s.scope.split(',').includes(language);
  let chosen = args?.prefix !== undefined ? snippets.find((s) => s.prefix === args.prefix) : undefined;
  if (args?.prefix !== undefined && !chosen) throw new Error(m.unknownPrefix(args.prefix));
  if (!chosen) {
    // the ones for this language first; the others stay reachable (a recipe block pasted into a scratch file)
    const ordered = [...snippets.filter(fits), ...snippets.filter((s) => !fits(s))];
    const pick = await vscode.window.showQuickPick(
      ordered.map((s) => ({ label: s.prefix, description: [s.description || s.name, fits(s) ? undefined : m.otherLanguage(s.scope!)].filter(Boolean).join(' · '), detail: s.body[0], snippet: s })),
      { title: m.insertTitle, placeHolder: m.pickPlaceholder, matchOnDescription: true, matchOnDetail: true },
    );
    if (!pick) return undefined;
    chosen = pick.snippet;
  }
  await editor.insertSnippet(new vscode.SnippetString(chosen.body.join('\n')));
  return chosen.prefix;
}

export function registerSnippetCommands(): vscode.Disposable[] {
  return [
    registerCommand('msk.snippets.saveToTeam', m.saveTitle, (args) => saveToTeam(args as SaveArgs | undefined)),
    registerCommand('msk.snippets.insertFromTeam', m.insertTitle, (args) => insertFromTeam(args as InsertArgs | undefined)),
  ];
}
