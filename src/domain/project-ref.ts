import { isStorableId, parseId } from './ids.ts';
import { pathError } from './names.ts';

/**
 * How a caller names a project: its id (`42`) or its full path `namespace/project`, already
 * URL-decoded (the API's `:id`, the CLI's `--project`): a namespace path (a user, a group, a
 * subgroup `group/sub`) and the project's path, two segments or more. `parseProjectRef` says what
 * a reference names; the transports' own forms (a git URL's path, a registry repository name) are
 * read by the parsers below.
 */
export type ProjectRef = number | string;

/** A project's full path, split. */
export interface ProjectPath {
  namespace: string;
  project: string;
}

export type ParsedProjectRef = { id: number } | ProjectPath;

/** GitLab's deepest nesting: 20 groups, then the project. */
export const MAX_PATH_SEGMENTS = 21;

/** Longer than any full path GitLab allows: names nothing, read no further. */
const MAX_REF_LENGTH = 2048;

/** `namespace/project`: the full path GitLab shows (`path_with_namespace`) and git and registry URLs hold. */
export function formatProjectPath(path: ProjectPath): string {
  return `${path.namespace}/${path.project}`;
}

/** The full path of a project as read with its namespace. */
export function fullPathOf(found: { namespace: { path: string }; project: { path: string } }): string {
  return formatProjectPath({ namespace: found.namespace.path, project: found.project.path });
}

/**
 * Two segments or more, each under the rules every username, group and project path was created
 * under (no '..', no leading '-', no trailing '.git', ...): anything else names no project.
 */
function splitProjectPath(raw: string): ProjectPath | null {
  if (raw.length > MAX_REF_LENGTH) return null;
  const segments = raw.split('/');
  if (segments.length < 2 || segments.length > MAX_PATH_SEGMENTS) return null;
  if (!segments.every((segment) => pathError(segment, 'path') === null)) return null;
  return { namespace: segments.slice(0, -1).join('/'), project: segments.at(-1)! };
}

/** A group's full path (`group`, `group/sub`): one segment or more under the same rules. null names no group. */
export function parseGroupPath(raw: string): string | null {
  if (raw.length > MAX_REF_LENGTH) return null;
  const segments = raw.split('/');
  if (segments.length > MAX_PATH_SEGMENTS - 1 || !segments.every((segment) => pathError(segment, 'path') === null)) return null;
  return raw;
}

/**
 * What a reference names: digits are an id (leading zeros allowed, as GitLab's cast does; one no
 * column can hold names nothing), anything else a full path. null when it cannot name a project,
 * so the caller answers "not found" without a read.
 */
export function parseProjectRef(ref: ProjectRef): ParsedProjectRef | null {
  if (typeof ref === 'number') return isStorableId(ref) ? { id: ref } : null;
  if (/^\d+$/.test(ref)) {
    const id = parseId(ref);
    return id === null ? null : { id };
  }
  return splitProjectPath(ref);
}

/**
 * The project a git URL names: `/ns/proj.git` (ssh:// URLs carry the leading '/'), `ns/proj.git`
 * (scp-style), `ns/proj`, with or without a trailing '/'. null for anything else, so a transport
 * refuses it before touching the database or spawning a process.
 */
export function parseGitProjectPath(raw: string): ProjectPath | null {
  let path = raw.startsWith('/') ? raw.slice(1) : raw;
  if (path.endsWith('/')) path = path.slice(0, -1);
  if (path.endsWith('.git')) path = path.slice(0, -4);
  return splitProjectPath(path);
}

/** A registry repository name split: its project, and the image name below it ('' for the project's own). */
export interface ImageRepository {
  project: ProjectPath;
  image: string;
}

/** How many components an image name may add below its project's path (GitLab's ContainerRegistry::Path reads the name and two shorter prefixes). */
export const MAX_IMAGE_NAME_COMPONENTS = 2;

/**
 * The ways a registry repository name (`group/sub/project`, `group/sub/project/app/web`) can split
 * into a project's full path and an image name below it, the longest project path first: the whole
 * name, then without its last one or two components, each a path a project could have (two
 * segments or more). GitLab's rule: the project is the longest of these that exists. [] when none
 * could name a project, so nothing is read.
 */
export function imageRepositoryCandidates(name: string): ImageRepository[] {
  const components = name.split('/');
  const candidates: ImageRepository[] = [];
  for (let imageLength = 0; imageLength <= MAX_IMAGE_NAME_COMPONENTS && components.length - imageLength >= 2; imageLength++) {
    const project = splitProjectPath(components.slice(0, components.length - imageLength).join('/'));
    if (project) candidates.push({ project, image: components.slice(components.length - imageLength).join('/') });
  }
  return candidates;
}
