/** The ways a credential reaches Latchkey; logs and audit events name the one a request came by. */
export type AuthTransport = 'api' | 'git_http' | 'ssh' | 'registry' | 'web';

/** What auth/ knows of the request a credential came with. */
export interface AuthContext {
  /** The client's address (behind a trusted proxy, the one it names). */
  ip: string | null;
  transport: AuthTransport;
}
