/** Latchkey's own release (GET /api/v4/version's `revision`). */
export const LATCHKEY_VERSION = '0.1.0';

/**
 * The GitLab version Latchkey answers as: GET /api/v4/version's `version`, and the `GitLab/<version>`
 * User-Agent of the webhooks it sends, so a receiver that checks either sees the same one.
 */
export const GITLAB_VERSION = '17.0.0-latchkey';
