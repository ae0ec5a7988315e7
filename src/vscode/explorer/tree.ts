import * as vscode from 'vscode';
import { DisposableCollection } from '../disposables';

/** A node of the MSK explorer. Later issues add clusters, brokers, topics, partitions and groups. */
export interface ExplorerNode {
  readonly id: string;
  readonly label: string;
  readonly description?: string;
  readonly contextValue: string;
  readonly collapsible: boolean;
  /** A codicon id, e.g. 'server'. */
  readonly icon?: string;
  readonly tooltip?: string;
  readonly parent?: ExplorerNode;
  children?(): Promise<ExplorerNode[]>;
}

/** A source of top-level nodes: one loader per connection type, behind this interface. */
export interface ExplorerSource {
  roots(): Promise<ExplorerNode[]>;
}

export class MskExplorer extends DisposableCollection implements vscode.TreeDataProvider<ExplorerNode> {
  private readonly changed = this.track(new vscode.EventEmitter<ExplorerNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  private readonly sources: ExplorerSource[] = [];

  addSource(source: ExplorerSource): vscode.Disposable {
    this.sources.push(source);
    this.refresh();
    return new vscode.Disposable(() => {
      const i = this.sources.indexOf(source);
      if (i >= 0) this.sources.splice(i, 1);
      this.refresh();
    });
  }

  refresh(node?: ExplorerNode): void {
    this.changed.fire(node);
  }

  getTreeItem(node: ExplorerNode): vscode.TreeItem {
    const item = new vscode.TreeItem(
      node.label,
      node.collapsible ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    item.id = node.id;
    item.description = node.description;
    item.contextValue = node.contextValue;
    if (node.icon) item.iconPath = new vscode.ThemeIcon(node.icon);
    if (node.tooltip) item.tooltip = node.tooltip;
    return item;
  }

  getParent(node: ExplorerNode): ExplorerNode | undefined {
    return node.parent;
  }

  async getChildren(node?: ExplorerNode): Promise<ExplorerNode[]> {
    if (node) return node.children ? node.children() : [];
    // An empty root makes VS Code show the welcome content from package.json.
    const all = await Promise.all(this.sources.map((s) => s.roots()));
    return all.flat();
  }
}
