import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { MskToolsApi } from '../../../src/extension';

/** The repository root: the nearest folder above this file holding our package.json. */
export function repoRoot(): string {
  let dir = __dirname;
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    if (fs.existsSync(candidate) && (JSON.parse(fs.readFileSync(candidate, 'utf8')) as { name?: string }).name === 'vscode-msk') return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`no vscode-msk package.json above ${__dirname}`);
    dir = up;
  }
}

/** The parts of package.json the suite reads. */
export interface Manifest {
  activationEvents?: string[];
  contributes: {
    commands: { command: string }[];
    viewsContainers: { activitybar: { id: string }[] };
    views: Record<string, { id: string }[]>;
    viewsWelcome: { view: string; contents: string }[];
  };
}

export function readManifest(): Manifest {
  return JSON.parse(fs.readFileSync(path.join(repoRoot(), 'package.json'), 'utf8')) as Manifest;
}

export const EXTENSION_ID = 'msk-tools.vscode-msk';

/** The extension's API (activating it if needed). */
export async function mskApi(): Promise<MskToolsApi> {
  const ext = vscode.extensions.getExtension<MskToolsApi>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} not found`);
  return ext.activate();
}

/**
 * Resolves after the linter's next pass over a document that `match` accepts, found something or
 * not: what a test waits for before it asserts that there is nothing. Subscribe before the edit or
 * open that triggers the pass.
 */
export async function nextLint(match: (uri: vscode.Uri) => boolean, what: string, ms = 20_000): Promise<void> {
  const api = await mskApi();
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out after ${ms} ms waiting for ${what}`));
    }, ms);
    const sub = api.lint.onDidLint((uri) => {
      if (!match(uri)) return;
      clearTimeout(timer);
      sub.dispose();
      resolve();
    });
  });
}

/** What a walk down the explorer's tree reads of a node. */
export interface TreeNode<T> {
  label: string;
  children?(): Promise<T[]>;
}

/** A node's children; none for a leaf. */
export async function kids<T extends TreeNode<T>>(n: T): Promise<T[]> {
  return n.children ? n.children() : [];
}

/** The child of `n` labelled `label` (or matching it); fails naming the labels there are. */
export async function child<T extends TreeNode<T>>(n: T, label: string | RegExp): Promise<T> {
  const all = await kids(n);
  const found = all.find((k) => (typeof label === 'string' ? k.label === label : label.test(k.label)));
  assert.ok(found, `no "${String(label)}" under ${n.label}: ${all.map((k) => k.label).join(' | ')}`);
  return found;
}

/** Polls `probe` until it returns a truthy value or the time runs out. */
export async function waitFor<T>(probe: () => T | Promise<T>, what: string, ms = 10_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
