/** One-line confirmations after a redirect (`?notice=<key>`); fixed texts, never echoed input. */
const NOTICES: Record<string, string> = {
  project_created: 'The project was created.',
  token_revoked: 'The token was revoked. It no longer works anywhere.',
  member_added: 'The member was added.',
  member_updated: 'The role was updated.',
  member_removed: 'The member was removed.',
  left_project: 'You left the project.',
  user_created: 'The user was created.',
  branch_deleted: 'The branch was deleted.',
  tag_deleted: 'The tag was deleted.',
  // hooks-api
  hook_created: 'The webhook was created.',
  hook_updated: 'The webhook was updated.',
  hook_deleted: 'The webhook was deleted.',
  hook_test_sent: 'A test event was sent; it is listed under Recent events.',
  // token-limits
  group_created: 'The group was created.',
  left_group: 'You left the group.',
  token_limits_updated: "The token's allowed IP addresses and refs were saved. They apply from its next request.",
};

export function noticeOf(query: unknown): string | null {
  const key = (query as Record<string, unknown> | undefined)?.notice;
  return typeof key === 'string' && Object.hasOwn(NOTICES, key) ? NOTICES[key]! : null;
}
