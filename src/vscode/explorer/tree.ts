import * as vscode from 'vscode';
import { DisposableCollection } from '../disposables';
import { warningUri } from './decorations';

/** Node kinds drawn with our own SVGs (media/light|dark/<kind>.svg). */
export type NodeKind = 'cluster' | 'broker' | 'topic' | 'partition' | 'group' | 'member' | 'config' | 'error' | 'more';

/** A node of the MSK explorer. */
export interface ExplorerNode {
  readonly id: string;
  readonly label: string;
  /** Mutable: a node whose details arrive later (a group's state and lag) updates it and refreshes. */
  description?: string;
  readonly contextValue: string;
  readonly collapsible: boolean;
  /** A codicon id, e.g. 'server', for nodes without a kind. */
  readonly icon?: string;
  /** A theme colour id for `icon` (e.g. 'testing.iconPassed' for an ACTIVE cluster). */
  readonly iconColor?: string;
  readonly kind?: NodeKind;
  /** Set when the node (or one of its partitions) needs attention: a warning icon and decoration. */
  warning?: string;
  tooltip?: string;
  readonly parent?: ExplorerNode;
  /** Run when the node is clicked (Load more, Retry). */
  readonly command?: { command: string; title: string; arguments?: unknown[] };
  /** What the node stands for, for the commands run on it. */
  readonly ref?: unknown;
  children?(): Promise<ExplorerNode[]>;
}

/** A source of top-level nodes: one loader per connection type, behind this interface. */
export interface ExplorerSource {
  roots(): Promise<ExplorerNode[]>;
  /**
   * Its nodes are shown only beside a cluster's (the workspace's recipes): with no cluster the root
   * stays empty, so that VS Code shows the welcome content, which is how one connects.
   */
  readonly besideClusters?: boolean;
  /** Forget what was read: called when the whole tree is refreshed, so it reads the clusters again. */
  invalidate?(): void;
}

export class MskExplorer extends DisposableCollection implements vscode.TreeDataProvider<ExplorerNode> {
  private readonly changed = this.track(new vscode.EventEmitter<ExplorerNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  private readonly sources: ExplorerSource[] = [];
  private media: vscode.Uri | undefined;

  /** Where media/ is: node kinds get their SVGs from there (codicons until this is set). */
  useMedia(extensionUri: vscode.Uri): void {
    this.media = vscode.Uri.joinPath(extensionUri, 'media');
  }

  addSource(source: ExplorerSource): vscode.Disposable {
    this.sources.push(source);
    this.refresh();
    return new vscode.Disposable(() => {
      const i = this.sources.indexOf(source);
      if (i >= 0) this.sources.splice(i, 1);
      this.refresh();
    });
  }

  /** Re-renders a node, or the whole tree; the whole tree is also read again from the clusters. */
  refresh(node?: ExplorerNode): void {
    if (!node) for (const s of this.sources) s.invalidate?.();
    this.changed.fire(node);
  }

  /** Re-renders the whole tree from what was read already (a filter or a display setting changed). */
  rerender(): void {
    this.changed.fire(undefined);
  }

  getTreeItem(node: ExplorerNode): vscode.TreeItem {
    const item = new vscode.TreeItem(
      node.label,
      node.collapsible ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    item.id = node.id;
    item.description = node.description;
    item.contextValue = node.contextValue;
    if (node.warning) {
      item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
      // the decoration provider (decorations.ts) colours the label and adds a badge for this uri
      item.resourceUri = warningUri(node.id);
    } else if (node.kind && this.media) {
      item.iconPath = { light: vscode.Uri.joinPath(this.media, 'light', `${node.kind}.svg`), dark: vscode.Uri.joinPath(this.media, 'dark', `${node.kind}.svg`) };
    } else if (node.icon) item.iconPath = new vscode.ThemeIcon(node.icon, node.iconColor ? new vscode.ThemeColor(node.iconColor) : undefined);
    const tooltip = [node.tooltip, node.warning].filter(Boolean).join('\n');
    if (tooltip) item.tooltip = tooltip;
    if (node.command) item.command = node.command;
    return item;
  }

  getParent(node: ExplorerNode): ExplorerNode | undefined {
    return node.parent;
  }

  async getChildren(node?: ExplorerNode): Promise<ExplorerNode[]> {
    if (node) return node.children ? node.children() : [];
    // An empty root makes VS Code show the welcome content from package.json.
    const all = await Promise.all(this.sources.map((s) => s.roots()));
    if (all.every((roots, i) => roots.length === 0 || this.sources[i].besideClusters)) return [];
    return all.flat();
  }
}
