// What the activation bundle and the viewer chunk share about schemas: no registry code here, so the
// activation bundle stays free of it.
import type * as vscode from 'vscode';
import type { SandboxInfo } from '../../sandbox/sandbox';

/** SecretStorage key of the Confluent registry's password (set by msk.schemas.setConfluentPassword). */
export const CONFLUENT_PASSWORD_KEY = 'msk.schemas.confluent.password';

/** What the activation bundle hands the viewer chunk for schemas. */
export interface SchemaContext {
  /** The running local sandbox, if any. */
  sandbox?: () => SandboxInfo | undefined;
  secrets?: vscode.SecretStorage;
  /** Bumped when the settings or the password change: sessions made before are not reused. */
  generation?: () => number;
}
