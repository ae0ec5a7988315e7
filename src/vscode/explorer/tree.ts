import * as vscode from 'vscode';
import { DisposableCollection } from '../disposables';

/** A node of the MSK explorer. Later issues add clusters, brokers, topics, partitions and groups. */
export interface ExplorerNode {
  readonly id: string;
  readonly label: string;
  readonly description?: string;
  readonly contextValue: string;
  readonly collapsible: boolean;
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

  addSource(source: ExplorerSource): void {
    this.sources.push(source);
    this.refresh();
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
