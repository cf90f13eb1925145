import assert from 'node:assert/strict';
import { Gitlab } from '@gitbeaker/rest';

type Client = InstanceType<typeof Gitlab>;
type Tokens = Client['ProjectAccessTokens'] | Client['GroupAccessTokens'];

/**
 * Rotates a project or group access token by id (as `admin`, to expire on 2026-12-24), then the
 * successor rotates itself ('self'); checks that each new token is the same bot and that the list
 * shows only the last one active. Returns the two new tokens and a client for each.
 */
export async function rotateTwice(
  host: string,
  admin: Client,
  tokensOf: (client: Client) => Tokens,
  holder: number | string,
  created: { id: number; token: string; user_id: number },
) {
  const rotated = await tokensOf(admin).rotate(holder, created.id, { expiresAt: '2026-12-24' });
  assert.notEqual(rotated.token, created.token);
  assert.deepEqual([rotated.user_id, rotated.expires_at], [created.user_id, '2026-12-24']);
  const asRotated = new Gitlab({ host, token: rotated.token });
  assert.equal((await asRotated.Users.showCurrentUser()).id, created.user_id);

  const itself = await tokensOf(asRotated).rotate(holder, 'self');
  assert.equal(itself.user_id, created.user_id);
  const asItself = new Gitlab({ host, token: itself.token });
  assert.equal((await asItself.Users.showCurrentUser()).id, created.user_id);

  const listed = await tokensOf(admin).all(holder);
  assert.deepEqual(
    listed.map((token) => [token.id, token.active]).sort(),
    [[created.id, false], [rotated.id, false], [itself.id, true]].sort(),
  );
  return { rotated, itself, asRotated, asItself };
}
