// User-facing strings of the team snippet commands.
export const snippetMessages = {
  saveTitle: 'Saving a team snippet',
  insertTitle: 'Inserting a team snippet',
  noSelection: 'select the config or recipe block to share first, then run MSK: Save Selection as Team Snippet again.',
  noFolder: 'open a folder first: team snippets live in its .vscode/msk.code-snippets, which the team commits.',
  secretFound: (what: string) =>
    `the selection holds ${what}. Team snippets are committed with the repository: replace the secret with a reference ` +
    '(an environment variable such as ${env:KAFKA_PASSWORD} or process.env.KAFKA_PASSWORD, or the AWS credential chain), then save again.',
  dirty: 'the team snippet file has unsaved changes: save .vscode/msk.code-snippets first, then try again.',
  prefixPrompt: 'The prefix teammates type to insert it (also offered as a completion)',
  prefixPlaceholder: 'e.g. orders-producer',
  prefixEmpty: 'Type a prefix.',
  prefixSpaces: 'A prefix has no spaces.',
  prefixTaken: (p: string) => `"${p}" is taken by another team snippet: choose another prefix.`,
  descriptionPrompt: 'A description, shown beside the prefix',
  descriptionPlaceholder: 'e.g. Orders producer, IAM, idempotent',
  saved: (name: string, prefix: string) => `Saved team snippet "${name}" (prefix ${prefix}) in .vscode/msk.code-snippets: commit the file to share it.`,
  openFile: 'Open File',
  none: 'No team snippets yet: select a config or a recipe block and run MSK: Save Selection as Team Snippet.',
  noEditor: 'open the file to insert into first.',
  pickPlaceholder: 'Team snippets from .vscode/msk.code-snippets',
  unknownPrefix: (p: string) => `no team snippet has the prefix "${p}".`,
  otherLanguage: (scope: string) => `for ${scope}`,
} as const;
