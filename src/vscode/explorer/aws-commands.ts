// Commands of AWS connections: add one (a profile from the shared files, regions, which bootstrap
// strings), and run `aws sso login` in a terminal when an SSO session has expired. Like the admin
// commands they take an optional argument with their prompts' answers (tests, other extensions).
import * as vscode from 'vscode';
import { registerCommand } from '../commands';
import { awsConnectionLabel, type AwsConnectionSetting, type BootstrapKind } from './aws';
import { awsMessages as m } from './aws-messages';
import type { MskExplorer } from './tree';

type Opts = Partial<AwsConnectionSetting> & { defaultCredentials?: boolean };

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

function cancelled(): never {
  throw new vscode.CancellationError();
}

export function parseRegions(text: string): { regions: string[]; problem?: string } {
  const regions = [...new Set(text.split(',').map((r) => r.trim()).filter(Boolean))];
  const bad = regions.find((r) => !REGION.test(r));
  return bad ? { regions, problem: m.badRegion(bad) } : { regions };
}

/** Adds an entry to msk.aws.connections (user settings); answers it, or undefined when cancelled. */
async function addAwsConnection(opts: Opts): Promise<AwsConnectionSetting | undefined> {
  const aws = await import('../../aws/index');
  let profile: string | undefined = opts.profile;
  let region: string | undefined;
  if (profile === undefined && opts.defaultCredentials !== true) {
    const profiles = await aws.listProfiles();
    const items: (vscode.QuickPickItem & { profile?: string; region?: string })[] = [
      { label: `$(key) ${m.defaultCredentials}`, detail: m.defaultChainDetail },
      ...profiles.map((p) => ({ label: p.name, description: [p.kind, p.region].filter(Boolean).join(' · '), profile: p.name, region: p.region })),
    ];
    const pick = await vscode.window.showQuickPick(items, { placeHolder: m.pickProfile, ignoreFocusOut: true });
    if (!pick) cancelled();
    profile = pick.profile;
    region = pick.region;
  } else if (profile) region = (await aws.findProfile(profile))?.region;
  region ??= profile ? undefined : process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;

  let regions = opts.regions;
  if (!regions) {
    const text = await vscode.window.showInputBox({
      prompt: m.regionsPrompt(region), placeHolder: region ?? 'us-east-1', ignoreFocusOut: true,
      validateInput: (v) => parseRegions(v).problem ?? (!region && !v.trim() ? m.regionsNeeded : undefined),
    });
    if (text === undefined) cancelled();
    regions = parseRegions(text).regions;
  }
  const problem = parseRegions(regions.join(',')).problem;
  if (problem) throw new Error(problem);

  let kind: BootstrapKind | undefined = opts.bootstrapKind;
  if (!kind && !('regions' in opts)) {
    const kinds: (vscode.QuickPickItem & { value: BootstrapKind })[] = (['private', 'public', 'vpc'] as const).map((k) => ({ label: k, detail: m.kinds[k], value: k }));
    const pick = await vscode.window.showQuickPick(kinds, { placeHolder: m.pickKind, ignoreFocusOut: true });
    if (!pick) cancelled();
    kind = pick.value;
  }
  const entry: AwsConnectionSetting = {
    ...(opts.name ? { name: opts.name } : {}),
    ...(profile ? { profile } : {}),
    ...(regions.length ? { regions } : {}),
    ...(kind && kind !== 'private' ? { bootstrapKind: kind } : {}),
    ...(opts.readOnly ? { readOnly: true } : {}),
  };
  const cfg = vscode.workspace.getConfiguration('msk');
  const existing = cfg.get<AwsConnectionSetting[]>('aws.connections', []) ?? [];
  const same = (a: AwsConnectionSetting) => awsConnectionLabel(a) === awsConnectionLabel(entry) && JSON.stringify([...(a.regions ?? [])].sort()) === JSON.stringify([...(entry.regions ?? [])].sort());
  if (existing.some(same)) throw new Error(m.exists(awsConnectionLabel(entry)));
  await cfg.update('aws.connections', [...existing, entry], vscode.ConfigurationTarget.Global);
  void vscode.window.showInformationMessage(m.added(awsConnectionLabel(entry)));
  return entry;
}

export function registerAwsCommands(explorer: MskExplorer): vscode.Disposable[] {
  return [
    registerCommand('msk.aws.addConnection', 'Add AWS Connection', async (options?: unknown) => {
      try {
        const entry = await addAwsConnection(options && typeof options === 'object' ? options : {});
        explorer.refresh();
        return entry;
      } catch (err) {
        if (err instanceof vscode.CancellationError) return undefined;
        throw err;
      }
    }),

    // From an expired SSO session's error item: { command } is the AwsError's action.
    registerCommand('msk.aws.ssoLogin', 'AWS SSO Login', (arg?: unknown) => {
      const given = (arg as { command?: unknown; ref?: { awsError?: { action?: { command?: string } } } } | undefined);
      const command = typeof given?.command === 'string' ? given.command : given?.ref?.awsError?.action?.command;
      if (!command || !/^aws sso login( --profile [\w.@+-]+)?$/.test(command)) throw new Error('No `aws sso login` command to run: use it from an expired SSO session\'s item in the MSK explorer.');
      const profile = /--profile (\S+)/.exec(command)?.[1];
      const terminal = vscode.window.createTerminal({ name: m.ssoTerminal(profile) });
      terminal.show();
      terminal.sendText(command);
      void vscode.window.showInformationMessage(m.ssoStarted(command));
      return { command, terminal: terminal.name };
    }),
  ];
}
