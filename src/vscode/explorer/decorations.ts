// A warning decoration (badge and colour) for explorer nodes that need attention: under-replicated
// or offline partitions, and the topics that hold them. Tree items opt in through a resourceUri.
import * as vscode from 'vscode';

export const WARNING_SCHEME = 'msk-warning';

export function warningUri(nodeId: string): vscode.Uri {
  return vscode.Uri.from({ scheme: WARNING_SCHEME, path: `/${encodeURIComponent(nodeId)}` });
}

export class WarningDecorations implements vscode.FileDecorationProvider {
  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    if (uri.scheme !== WARNING_SCHEME) return undefined;
    return new vscode.FileDecoration('!', 'Needs attention: a partition is under-replicated or offline', new vscode.ThemeColor('list.warningForeground'));
  }
}
