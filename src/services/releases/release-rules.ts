/** Release asset links: the four types GitLab knows, and its model's validations, worded as it words them. */
export const LINK_TYPES = ['other', 'runbook', 'image', 'package'] as const;
export type LinkType = (typeof LINK_TYPES)[number];

export interface LinkFields {
  name: string;
  url: string;
  /** `direct_asset_path` (or the older `filepath`): a path below the release's downloads. */
  filepath: string | null;
  linkType: LinkType;
}

const URL_SCHEMES = ['http:', 'https:', 'ftp:'];
const MAX_URL = 2048;
const MAX_NAME = 255;
const MAX_FILEPATH = 128;

/** `/dir/file.bin`: a leading slash is added when missing (GitLab 16+ accepts either); blank is none. */
export function normalizeFilepath(value: string | null | undefined): string | null | undefined {
  if (value === undefined || value === null) return value;
  const trimmed = value.trim();
  if (trimmed === '') return null;
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

/**
 * GitLab's FILEPATH_REGEX, without a regular expression: components of letters, digits, `_`,
 * `-` and `.`, none empty, ending in a letter or digit.
 */
function isValidFilepath(filepath: string): boolean {
  const components = filepath.slice(1).split('/');
  return (
    filepath.startsWith('/') &&
    components.every((component) => /^[-.\w]+$/.test(component)) &&
    /[A-Za-z0-9]$/.test(filepath) &&
    !components.some((component) => component === '.' || component === '..')
  );
}

function urlError(url: string): string | null {
  if (url.trim() === '') return "Url can't be blank";
  if (url.length > MAX_URL) return `Url is too long (maximum is ${MAX_URL} characters)`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'Url must be a valid URL';
  }
  if (/[\x00-\x20\x7f]/.test(url)) return 'Url must be a valid URL';
  return URL_SCHEMES.includes(parsed.protocol) ? null : 'Url is blocked: Only allowed schemes are http, https, ftp';
}

/** The model errors of one link among the release's `others` (names, URLs and paths are unique per release). */
export function linkErrors(link: LinkFields, others: readonly LinkFields[]): string[] {
  const errors: string[] = [];
  const url = urlError(link.url);
  if (url) errors.push(url);
  else if (others.some((other) => other.url === link.url)) errors.push('Url has already been taken');
  if (link.name.trim() === '') errors.push("Name can't be blank");
  else if (link.name.length > MAX_NAME) errors.push(`Name is too long (maximum is ${MAX_NAME} characters)`);
  else if (others.some((other) => other.name === link.name)) errors.push('Name has already been taken');
  if (link.filepath !== null) {
    if (link.filepath.length > MAX_FILEPATH) errors.push(`Filepath is too long (maximum is ${MAX_FILEPATH} characters)`);
    else if (!isValidFilepath(link.filepath)) errors.push('Filepath is in an invalid format');
    else if (others.some((other) => other.filepath === link.filepath)) errors.push('Filepath has already been taken');
  }
  return errors;
}

/** The errors of a release's links taken together, each checked against the ones before it. */
export function linksErrors(links: readonly LinkFields[]): string[] {
  return links.flatMap((link, index) => linkErrors(link, links.slice(0, index)).map((error) => `Links ${error.charAt(0).toLowerCase()}${error.slice(1)}`));
}
