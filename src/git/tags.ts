import type { GitCommit } from './branches.ts';
import { isValidRefName } from './ref-name.ts';
import { GitCommandError, runGit } from './run-git.ts';

/**
 * A tag name git and GitLab both accept: git's ref-name rules (`isValidRefName`), never starting
 * with `-` (git would read an option) or `refs/`, not `HEAD`.
 */
export function isValidTagName(name: string): boolean {
  return isValidRefName(name) && name !== 'HEAD' && !name.startsWith('-') && !name.startsWith('refs/');
}

export const tagRef = (name: string): string => `refs/tags/${name}`;

/** One tag as listed for sorting and paging: its name, what it points at, and when that commit was made. */
export interface TagSummary {
  name: string;
  /** The tag object (annotated) or the commit (lightweight). */
  target: string;
  /** Seconds since the epoch of the commit the tag points at; 0 when it points at no commit. */
  committedAt: number;
}

export type TagListOrder = 'name' | 'version' | 'updated';

const UNIT = '\x1f';
const RECORD = '\x1e';

/** Splits for-each-ref output printed with `%1f` between fields and `%1e` after each ref. */
function records(out: Buffer, fieldCount: number): string[][] {
  return out
    .toString('utf8')
    .split(RECORD)
    .map((record) => record.replace(/^\n/, '').split(UNIT))
    .filter((fields) => fields.length === fieldCount);
}

/**
 * Every tag, ascending by `order`: name (byte order), version (git's `version:refname`) or the date
 * of the commit each points at (then by name). A few fields per tag: the details of a page are read
 * by readTags.
 */
export async function listTags(repositoryDir: string, order: TagListOrder): Promise<TagSummary[]> {
  const format = ['%(refname:lstrip=2)', '%(objectname)', '%(committerdate:unix)', '%(*committerdate:unix)'].join('%1f') + '%1e';
  const sort = order === 'version' ? 'version:refname' : 'refname';
  const out = await runGit(['for-each-ref', `--sort=${sort}`, `--format=${format}`, 'refs/tags'], { cwd: repositoryDir });
  const tags = records(out, 4).map(([name, target, direct, peeled]) => ({
    name: name!,
    target: target!,
    committedAt: Number(direct || peeled) || 0,
  }));
  if (order === 'updated') tags.sort((a, b) => a.committedAt - b.committedAt || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return tags;
}

export interface GitTag {
  name: string;
  target: string;
  /** The message of an annotated tag; '' for a lightweight one. */
  message: string;
  /** The tagger's date of an annotated tag; null for a lightweight one. */
  createdAt: string | null;
  /** The commit the tag points at (through its tag object); null when it points at something else. */
  commit: GitCommit | null;
}

const COMMIT_FIELDS = [
  'objectname',
  'parent',
  'authorname',
  'authoremail:trim',
  'authordate:iso-strict',
  'committername',
  'committeremail:trim',
  'committerdate:iso-strict',
  'contents:subject',
  'contents',
];
const DETAIL_FORMAT =
  [
    '%(refname:lstrip=2)',
    '%(objectname)',
    '%(objecttype)',
    '%(contents)',
    '%(taggerdate:iso-strict)',
    ...COMMIT_FIELDS.map((field) => `%(${field})`),
    ...COMMIT_FIELDS.map((field) => `%(*${field})`),
  ].join('%1f') + '%1e';
const DETAIL_COUNT = 5 + 2 * COMMIT_FIELDS.length;

function commitOf(fields: string[]): GitCommit {
  const [id, parents, authorName, authorEmail, authoredDate, committerName, committerEmail, committedDate, title, message] = fields as [
    string, string, string, string, string, string, string, string, string, string,
  ];
  return { id, parentIds: parents.split(' ').filter(Boolean), authorName, authorEmail, authoredDate, committerName, committerEmail, committedDate, title, message };
}

/** The tags named, with their message and commit, in the order asked; names that are no tag are left out. */
export async function readTags(repositoryDir: string, names: readonly string[]): Promise<GitTag[]> {
  const wanted = names.filter(isValidTagName);
  if (wanted.length === 0) return [];
  // A pattern also matches the refs below it (`v1` → `v1/x`): only exact names are kept.
  const out = await runGit(['for-each-ref', `--format=${DETAIL_FORMAT}`, ...wanted.map(tagRef)], { cwd: repositoryDir });
  const found = new Map<string, GitTag>();
  for (const fields of records(out, DETAIL_COUNT)) {
    const [name, target, type, contents, taggerDate] = fields as [string, string, string, string, string];
    const annotated = type === 'tag';
    const commitFields = annotated ? fields.slice(5 + COMMIT_FIELDS.length) : fields.slice(5, 5 + COMMIT_FIELDS.length);
    const isCommit = annotated ? commitFields[0] !== '' : type === 'commit';
    found.set(name, {
      name,
      target,
      message: annotated ? contents.replace(/\n+$/, '') : '',
      createdAt: annotated && taggerDate !== '' ? taggerDate : null,
      commit: isCommit ? commitOf(commitFields) : null,
    });
  }
  return wanted.flatMap((name) => found.get(name) ?? []);
}

export async function readTag(repositoryDir: string, name: string): Promise<GitTag | null> {
  return (await readTags(repositoryDir, [name]))[0] ?? null;
}

export interface Tagger {
  name: string;
  email: string;
  /** When the tag is made. */
  date: Date;
}

/** What a name or an email may hold in a tag object's tagger line. */
function identityPart(value: string): string {
  return value.replace(/[<>\x00-\x1f\x7f]/g, '').trim() || 'unknown';
}

/**
 * Writes an annotated tag object for `commit` (never a ref: the caller moves refs) with git's own
 * validation (`git mktag`), and returns its id.
 */
export async function writeTagObject(repositoryDir: string, input: { commit: string; name: string; message: string; tagger: Tagger }): Promise<string> {
  if (!/^[0-9a-f]{40,64}$/.test(input.commit) || !isValidTagName(input.name)) throw new Error('invalid tag object input');
  const seconds = Math.floor(input.tagger.date.getTime() / 1000);
  const object = [
    `object ${input.commit}`,
    'type commit',
    `tag ${input.name}`,
    `tagger ${identityPart(input.tagger.name)} <${identityPart(input.tagger.email)}> ${seconds} +0000`,
    '',
    `${input.message.replace(/\0/g, '').replace(/\n*$/, '')}\n`,
  ].join('\n');
  try {
    return (await runGit(['mktag'], { cwd: repositoryDir, input: object })).toString('utf8').trim();
  } catch (error) {
    if (error instanceof GitCommandError) throw new Error(`git mktag refused the tag object: ${error.stderr.trim()}`);
    throw error;
  }
}
