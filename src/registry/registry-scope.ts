/**
 * The `scope` parameter of a registry token request (Distribution's token auth spec):
 * `<type>:<name>:<action>[,<action>...]`, e.g. `repository:root/demo:pull,push`,
 * `registry:catalog:*`. Parsing is strict: a malformed scope is refused, never guessed at.
 */
export interface RequestedScope {
  type: string;
  name: string;
  actions: string[];
}

const RESOURCE_TYPE = /^[a-z0-9]+(?:\([a-z0-9]+\))?$/;
/** A path component of a repository name (distribution/reference): lowercase, inner separators only. */
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const ACTION = /^(?:[a-z]+|\*)$/;
const MAX_NAME_LENGTH = 255;

export function isRepositoryName(name: string): boolean {
  return name.length > 0 && name.length <= MAX_NAME_LENGTH && name.split('/').every((component) => PATH_COMPONENT.test(component));
}

/** null when the scope is malformed. */
export function parseRegistryScope(raw: string): RequestedScope | null {
  if (raw.length > 512) return null;
  const first = raw.indexOf(':');
  const last = raw.lastIndexOf(':');
  if (first <= 0 || last === first) return null;
  const type = raw.slice(0, first);
  const name = raw.slice(first + 1, last);
  const actionList = raw.slice(last + 1);
  if (!RESOURCE_TYPE.test(type) || !isRepositoryName(name)) return null;
  const actions = actionList === '' ? [] : actionList.split(',');
  if (!actions.every((action) => ACTION.test(action))) return null;
  return { type, name, actions: [...new Set(actions)] };
}
