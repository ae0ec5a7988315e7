// Secrets never reach logs or error messages: every string the factory passes on goes through a
// redactor that knows the connection's secrets (and the tokens it has minted so far).
export const REDACTED = '[redacted]';

export class Redactor {
  private readonly secrets = new Set<string>();

  /** Remember a secret; short strings are ignored, as they would redact ordinary words. */
  add(secret: string | undefined): void {
    if (secret && secret.length >= 4) this.secrets.add(secret);
  }

  redact(text: string): string {
    let out = text;
    for (const s of this.secrets) out = out.split(s).join(REDACTED);
    return out;
  }

  /** The same error with its message (and stack) redacted; other errors pass through untouched. */
  redactError<E>(err: E): E {
    if (err instanceof Error) {
      const message = this.redact(err.message);
      if (message !== err.message) {
        err.message = message;
        if (err.stack) err.stack = this.redact(err.stack);
      }
    }
    return err;
  }
}
