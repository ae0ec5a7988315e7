/** Exit codes shared by every subcommand. */
export const EXIT = { ok: 0, findings: 1, usage: 2, internal: 3 } as const;

/** Thrown by subcommands for a problem the user must fix (bad input, unreadable file): exit 2. */
export class UsageError extends Error {}
