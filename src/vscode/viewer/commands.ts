// Registers the data commands (peek, produce) in the activation bundle. Their work lives in the
// lazily loaded viewer chunk (dist/viewer.js): the first call loads it. A cancelled prompt ends
// the command quietly; every other failure goes through registerCommand's error display.
import * as vscode from 'vscode';
import { registerCommand } from '../commands';
import type { ClusterRegistry } from '../explorer/cluster';
import type { MskExplorer } from '../explorer/tree';
import { log } from '../log';
import type { SchemaContext } from '../schemas/context';

type ViewerChunk = typeof import('./index');
let chunk: Promise<ViewerChunk> | undefined;
const load = () => (chunk ??= import('./index'));

export interface DataCommandDeps {
  explorer: MskExplorer;
  registry: ClusterRegistry;
  extensionUri: vscode.Uri;
  /** The sandbox and SecretStorage, for the connections' schema registries. */
  schemas?: SchemaContext;
}

export function registerDataCommands(d: DataCommandDeps): vscode.Disposable[] {
  const deps = () => ({ ...d, log: log() });
  const quiet = (fn: (c: ViewerChunk, ...args: unknown[]) => Promise<unknown>) => async (...args: unknown[]) => {
    const c = await load();
    try {
      return await fn(c, ...args);
    } catch (err) {
      if (err instanceof vscode.CancellationError) return undefined;
      throw err;
    }
  };
  return [
    registerCommand('msk.peek.topic', 'Peek', quiet((c, node, opts) => c.peekTopic(deps(), node, opts))),
    registerCommand('msk.produce.recipeBlock', 'Produce', quiet((c, uri, index, count, opts) => c.produceRecipeBlock(deps(), uri, index, count, opts))),
    registerCommand('msk.produce.file', 'Produce from File', quiet((c, uri, opts) => c.produceFile(deps(), uri, opts))),
  ];
}
