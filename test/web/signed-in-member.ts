import type { TestApp } from '../helpers/test-app.ts';
import { addMember } from '../helpers/project-tokens.ts';
import { WebClient } from './web-client.ts';

/** A new human, a member of the project at `level` (null: no member), signed in to the web UI. */
export async function signedInMember(t: TestApp, projectId: number, username: string, level: number | null): Promise<WebClient> {
  const user = await t.createUser(username);
  if (level !== null) await addMember(t, projectId, user.id, level);
  const client = new WebClient(t);
  await client.signIn(username, 'password-123');
  return client;
}
