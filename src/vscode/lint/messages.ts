// User-facing strings of the editor's lint feature, in one place so they can be localised later.
export const lintMessages = {
  source: 'msk-lint',
  disableForLine: (ruleId: string) => `Disable ${ruleId} for this line`,
  badConfig: (file: string, detail: string) => `MSK Tools: ${file} is ignored until it is fixed: ${detail}`,
  badSetting: (detail: string) => `MSK Tools: setting msk.lint.severity is ignored: ${detail}`,
  lintFailed: (file: string) => `linting ${file} failed`,
  skippedName: 'MSK lint: file too large',
  skippedText: '$(circle-slash) MSK lint: skipped',
  skippedTooltip: (limit: string) => `This file is larger than msk.lint.maxFileSize (${limit}), so MSK Tools does not lint it: linting it would hold up the editor. Click to change the setting.`,
} as const;
