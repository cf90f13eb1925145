/** Path rules shared by usernames and project paths (GitLab's, simplified). */
const PATH = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
const RESERVED = new Set(['ghost', 'api', 'help', 'admin', 'users', 'projects', 'jwt', 'explore', 'dashboard', '-', 'assets', 'root-ghost']);

export function pathError(value: string, what: string): string | null {
  if (value.length === 0 || value.length > 255) return `${what} is too long (maximum is 255 characters)`;
  if (!PATH.test(value) || value.endsWith('.') || /\.(git|atom)$/i.test(value) || value.includes('..')) {
    return `${what} can contain only letters, digits, '_', '-' and '.'. Cannot start with '-', end in '.git' or end in '.atom'`;
  }
  return null;
}

export function isReservedUsername(username: string): boolean {
  return RESERVED.has(username.toLowerCase());
}

export function nameError(value: string, what: string, max = 255): string | null {
  if (value.trim().length === 0) return `${what} can't be blank`;
  if (value.length > max) return `${what} is too long (maximum is ${max} characters)`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) return `${what} contains control characters`;
  return null;
}

export function isEmail(value: string): boolean {
  return value.length <= 255 && /^[^\s@<>()]+@[^\s@<>()]+\.[^\s@<>()]+$/.test(value);
}

/** GitLab's default project path for a name: lowercase, runs of other characters become '-'. */
export function pathFromName(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9_.]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .replace(/\.git$|\.atom$/g, '');
}
