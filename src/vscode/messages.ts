// User-facing strings of the extension shell, in one place so they can be localised later.
export const messages = {
  commandFailed: (title: string, detail: string) => `MSK Tools: ${title} failed: ${detail}`,
  showLogs: 'Show Logs',
  addConnection: 'Adding a connection',
  startSandbox: 'Starting the local sandbox',
  stopSandbox: 'Stopping the local sandbox',
} as const;
