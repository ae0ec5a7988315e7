// Read-only documents of a topic's configs (msk-config: scheme): the "show config" view with every
// config and its source, and one side of a "compare configs" diff. Read from the cluster each time
// VS Code asks, so a re-opened document shows the current values.
import * as vscode from 'vscode';
import { configDiffSide, configDocument } from '../../core/topics';
import type { ClusterHandle, ClusterRegistry } from '../explorer/cluster';

export type ConfigView = 'document' | 'diff';

let opened = 0;

export function configUri(cluster: ClusterHandle, topic: string, view: ConfigView): vscode.Uri {
  const q = new URLSearchParams({ cluster: cluster.target.key, topic, view, n: String(++opened) });
  // the path names the cluster and topic, for the editor tab; the query says what to read
  return vscode.Uri.from({ scheme: ConfigDocuments.scheme, path: `/${cluster.target.name}/${topic}.properties`, query: q.toString() });
}

export class ConfigDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  static readonly scheme = 'msk-config';
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly registry: ClusterRegistry) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const q = new URLSearchParams(uri.query);
    const handle = this.registry.get(q.get('cluster') ?? '');
    const topic = q.get('topic') ?? '';
    if (!handle) return `# The cluster of this document is no longer in the MSK explorer: open the topic's config from the explorer again.\n`;
    try {
      const entries = await (await handle.api()).topicConfigs(topic);
      return q.get('view') === 'diff' ? configDiffSide(entries) : configDocument(`${topic} on ${handle.target.name}`, entries);
    } catch (err) {
      return `# Could not read the configs of ${topic} on ${handle.target.name}: ${err instanceof Error ? err.message : String(err)}\n# Check the connection, then open the config again.\n`;
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}
