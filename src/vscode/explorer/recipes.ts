// The explorer's "Recipes" node: the workspace's .msk recipe files, each opening the file. It is
// shown beside the clusters, never alone (then the explorer's welcome content shows how to connect).
import * as vscode from 'vscode';
import { DisposableCollection } from '../disposables';
import type { ExplorerNode, ExplorerSource } from './tree';

const GLOB = '**/*.msk';
const EXCLUDE = '**/{node_modules,.git,dist,out}/**';
/** A tree row per file; a workspace with more shows the first ones, and says so. */
const MAX_FILES = 500;

export const recipeMessages = {
  recipes: 'Recipes',
  count: (n: number, more: boolean) => `${n}${more ? '+' : ''} ${n === 1 ? 'file' : 'files'}`,
  tooltip: 'The .msk recipe files of this workspace: open one to produce from it.',
  open: 'Open Recipe',
} as const;

export class RecipesSource extends DisposableCollection implements ExplorerSource {
  /** Recipes are sent to a cluster: an explorer with none shows how to connect instead. */
  readonly besideClusters = true;

  constructor(private readonly onChange: () => void) {
    super();
    const watcher = this.track(vscode.workspace.createFileSystemWatcher(GLOB, false, true, false));
    // a file created or deleted changes the list; edits inside a file do not
    this.track(watcher.onDidCreate(() => this.onChange()));
    this.track(watcher.onDidDelete(() => this.onChange()));
    this.track(vscode.workspace.onDidChangeWorkspaceFolders(() => this.onChange()));
  }

  async roots(): Promise<ExplorerNode[]> {
    if (!vscode.workspace.workspaceFolders?.length) return [];
    const files = await vscode.workspace.findFiles(GLOB, EXCLUDE, MAX_FILES + 1);
    if (files.length === 0) return [];
    const shown = files
      .map((uri) => ({ uri, path: vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1) }))
      .sort((a, b) => a.path.localeCompare(b.path))
      .slice(0, MAX_FILES);
    const root: ExplorerNode = {
      id: 'msk.recipes',
      label: recipeMessages.recipes,
      description: recipeMessages.count(shown.length, files.length > MAX_FILES),
      tooltip: recipeMessages.tooltip,
      contextValue: 'msk.recipes',
      collapsible: true,
      icon: 'notebook',
      children: () => Promise.resolve(shown.map(({ uri, path }) => {
        const slash = path.lastIndexOf('/');
        return {
          id: `msk.recipe:${uri.toString()}`,
          label: path.slice(slash + 1),
          description: slash > 0 ? path.slice(0, slash) : undefined,
          tooltip: path,
          contextValue: 'msk.recipe',
          collapsible: false,
          icon: 'file-code',
          parent: root,
          ref: uri,
          command: { command: 'vscode.open', title: recipeMessages.open, arguments: [uri] },
        } satisfies ExplorerNode;
      })),
    };
    return [root];
  }
}
