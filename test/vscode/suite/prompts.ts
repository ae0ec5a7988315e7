// A scripted prompter for the connection commands' questions (src/vscode/prompter.ts): each
// question id gets an answer, or a function of what was offered. Every question asked is recorded
// with what it offered, so a test can check which auth modes a cluster offered. A question without
// an answer fails the flow at once, naming the id, instead of waiting for a person.
import type { Prompter, PickItem } from '../../../src/vscode/prompter';

export type Answer = string | boolean | undefined | { value: unknown } | ((offered: unknown[]) => unknown);

export interface Asked {
  id: string;
  kind: 'pick' | 'input' | 'file' | 'confirm';
  /** Picks: the offered values; confirms: the message. */
  offered: unknown[];
  password?: boolean;
}

const asText = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

export class ScriptedPrompter implements Prompter {
  readonly asked: Asked[] = [];
  constructor(public answers: Record<string, Answer> = {}) {}

  private answer(id: string, offered: unknown[]): unknown {
    if (!(id in this.answers)) throw new Error(`the test has no answer for the prompt "${id}"`);
    const a = this.answers[id];
    return typeof a === 'function' ? a(offered) : a;
  }

  pick<T>(id: string, items: PickItem<T>[]): Promise<T | undefined> {
    const values = items.map((i) => i.value);
    this.asked.push({ id, kind: 'pick', offered: values });
    const a = this.answer(id, values);
    if (a === undefined) return Promise.resolve(undefined);
    const want = typeof a === 'object' && a !== null && 'value' in a ? a.value : a;
    const found = items.find((i) => JSON.stringify(i.value) === JSON.stringify(want) || i.label === want);
    if (!found) throw new Error(`prompt "${id}": "${asText(want)}" is not offered (offered: ${JSON.stringify(values)})`);
    return Promise.resolve(found.value);
  }

  input(id: string, options: { password?: boolean; validateInput?: (v: string) => unknown }): Promise<string | undefined> {
    this.asked.push({ id, kind: 'input', offered: [], password: options.password === true });
    const a = this.answer(id, []);
    if (a === undefined) return Promise.resolve(undefined);
    const text = asText(a);
    const problem = options.validateInput?.(text);
    if (problem) throw new Error(`prompt "${id}": the answer "${text}" is refused: ${asText(problem)}`);
    return Promise.resolve(text);
  }

  file(id: string): Promise<string | undefined> {
    this.asked.push({ id, kind: 'file', offered: [] });
    const a = this.answer(id, []);
    return Promise.resolve(a === undefined ? undefined : asText(a));
  }

  confirm(id: string, message: string): Promise<boolean> {
    this.asked.push({ id, kind: 'confirm', offered: [message] });
    return Promise.resolve(this.answer(id, [message]) === true);
  }
}
