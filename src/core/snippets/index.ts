// Team snippets' pure side, loaded lazily (dist/snippets.js) by the editor's snippet commands.
export { addTeamSnippet, readTeamSnippets, usedPrefixes, TeamSnippetFileError, TEAM_SNIPPETS_PATH, type TeamSnippet } from './team-file';
export { describeSecrets, findSecrets, type SecretFinding, type SecretKind } from './secrets';
export { escapeSnippetText, expandSnippet, snippetBodyOf, SnippetSyntaxError } from './syntax';
