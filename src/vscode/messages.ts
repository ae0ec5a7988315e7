// User-facing strings of the extension shell, in one place so they can be localised later.
export const messages = {
  commandFailed: (title: string, detail: string) => `MSK Tools: ${title} failed: ${detail}`,
  showLogs: 'Show Logs',
  comingSoon: (what: string) =>
    `MSK Tools: ${what} is coming soon. Follow the project's issues for progress; meanwhile see the README for what works today.`,
  addConnection: 'Adding a connection',
  startSandbox: 'Starting the local sandbox',
} as const;
