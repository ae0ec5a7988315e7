// Commands of connections: add a direct one (any auth mode, optional tunnel), remove one (with its
// secrets), and choose again how an MSK cluster found through AWS is connected to.
import * as vscode from 'vscode';
import { registerCommand } from './commands';
import { addConnection, removeConnection } from './connections';
import { connectionMessages as m } from './connection-messages';
import type { SecretStore } from './connection-auth';
import { ClusterHandle, type NodeRef } from './explorer/cluster';
import type { AwsSource } from './explorer/aws';
import type { ExplorerNode, MskExplorer } from './explorer/tree';

export interface ConnectionCommandDeps {
  explorer: MskExplorer;
  secrets: SecretStore;
  aws: AwsSource;
}

function handleOf(node: unknown): ClusterHandle | undefined {
  const ref = (node as ExplorerNode | undefined)?.ref as NodeRef | undefined;
  return ref?.cluster instanceof ClusterHandle ? ref.cluster : undefined;
}

export function registerConnectionCommands({ explorer, secrets, aws }: ConnectionCommandDeps): vscode.Disposable[] {
  return [
    registerCommand('msk.addConnection', 'Add Connection', async () => {
      const added = await addConnection(secrets);
      if (added) explorer.refresh();
      return added;
    }),
    // from a connection's context menu (its node), or the palette (asks which)
    registerCommand('msk.removeConnection', 'Remove Connection', async (node?: unknown) => {
      const handle = handleOf(node);
      const name = handle ? (handle.target.key.startsWith('settings:') ? handle.target.name : undefined) : typeof node === 'string' ? node : undefined;
      if (handle && name === undefined) throw new Error(m.noSuchConnection(handle.target.name));
      const removed = await removeConnection(secrets, name);
      if (removed) explorer.refresh();
      return removed;
    }),
    registerCommand('msk.aws.chooseAuthMode', 'Choose Auth Mode', async (node?: unknown) => {
      const handle = handleOf(node);
      const arn = handle?.target.aws?.arn;
      if (!handle || !arn) throw new Error(m.notAnAwsCluster);
      await aws.forgetChoice(arn);
      await handle.reopen();
      explorer.refresh();
      // ask now, not at the next expand: the cluster opens with the new choice
      await handle.api();
      const mode = aws.remembered(arn)?.mode;
      if (mode) void vscode.window.showInformationMessage(m.modeChosen(handle.target.name, mode));
      return mode;
    }),
  ];
}
