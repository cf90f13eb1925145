/**
 * GitLab's addresses of the pages of a project in a subgroup (`/a/b/project`, `/a/b/project/-/tree/main`,
 * `/a/b/project/activity`) in the two-segment form the web routes match (`/a%2Fb/project/...`), before
 * routing (Fastify's `rewriteUrl`: synchronous, no database). Untouched: paths of one or two segments
 * before `/-/`, paths whose first segment starts a route of its own (`/api`, `/v2`, `/jwt`, `/-`,
 * `/groups`, `/users`, ..., collected from the route table), and git smart HTTP (`/a/b/project[.git]/info/refs`, ...).
 * A 3+ segment path that is a group (`/a/b/c`) reaches the project overview route as `a%2Fb/c`, whose
 * group fallback shows the group, as GitLab's router does.
 */
/** Git smart HTTP's endpoints, which git also reaches without `.git` (src/http/git/routes.ts). */
const GIT_HTTP_ENDPOINT = /\/(?:info\/refs|git-upload-pack|git-receive-pack)\/?$/;

export function twoSegmentProjectUrl(url: string, reservedFirstSegments: ReadonlySet<string>): string {
  const queryAt = url.indexOf('?');
  const path = queryAt === -1 ? url : url.slice(0, queryAt);
  // Every request passes here: the API, git and instance routes leave at this first look.
  const firstEnd = path.indexOf('/', 1);
  if (reservedFirstSegments.has(path.slice(1, firstEnd === -1 ? undefined : firstEnd))) return url;
  if (path.includes('.git/') || GIT_HTTP_ENDPOINT.test(path)) return url;
  const dashAt = path.indexOf('/-/');
  let head = (dashAt === -1 ? path : path.slice(0, dashAt)).replace(/\/+$/, '');
  let tail = dashAt === -1 ? path.slice(head.length) : path.slice(dashAt);
  if (dashAt === -1 && head.endsWith('/activity')) {
    tail = path.slice(head.length - '/activity'.length);
    head = head.slice(0, -'/activity'.length);
  }
  const segments = head.split('/').slice(1);
  if (segments.length < 3 || segments.includes('')) return url;
  return `/${segments.slice(0, -1).join('%2F')}/${segments.at(-1)}${tail}${queryAt === -1 ? '' : url.slice(queryAt)}`;
}

/** The first path segment of a route that starts with a fixed one (`/api/v4/...` gives `api`), else null. */
export function fixedFirstSegment(routeUrl: string): string | null {
  const first = routeUrl.split('/')[1] ?? '';
  return first === '' || first.startsWith(':') || first.startsWith('*') ? null : first;
}
