import { accessLevelName } from '../../domain/access-levels.ts';
import { parseScopes } from '../../domain/scopes.ts';
import type { ProjectWithNamespace } from '../../db/repositories/projects.ts';
import type { MailRecipient } from '../../db/repositories/token-notices.ts';
import type { NamespaceRow, TokenActivityRow, TokenRow } from '../../db/schema.ts';
import type { MailMessage } from '../../mail/smtp-transport.ts';

/** What a notice says happened to the token. */
export type TokenNotice =
  | { kind: 'expiring'; threshold: 60 | 30 | 7 | 1; daysLeft: number }
  | { kind: 'expired' }
  | { kind: 'revoked'; reporterIp: string | null };

/** Everything a notice mail names. `project` is null for a personal access token, and for a group's (`group`). */
export interface NoticeFacts {
  notice: TokenNotice;
  token: TokenRow;
  project: ProjectWithNamespace | null;
  /** gtokens: the group holding a group access token. */
  group?: NamespaceRow | null;
  /** The uses listed by the `expired` and `revoked` mails, newest first (empty: the last_used_* columns are shown). */
  activity: TokenActivityRow[];
  externalUrl: string;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function fullPath(project: ProjectWithNamespace): string {
  return `${project.namespace.path}/${project.project.path}`;
}

/** GitLab's subjects ("Your personal access token will expire in 7 days or less"), with the project named for project tokens. */
export function noticeSubject(facts: Pick<NoticeFacts, 'notice' | 'project' | 'group'>): string {
  const subject = facts.project
    ? `A project access token of ${fullPath(facts.project)}`
    : facts.group
      ? `A group access token of ${facts.group.path}`
      : 'Your personal access token';
  const notice = facts.notice;
  if (notice.kind === 'expiring') return `${subject} will expire in ${plural(notice.threshold, 'day')} or less`;
  if (notice.kind === 'expired') return `${subject} has expired`;
  return `${subject} was reported as leaked and revoked`;
}

function settingsUrl(facts: NoticeFacts): string {
  if (facts.group) return `${facts.externalUrl}/groups/${facts.group.path.split('/').map(encodeURIComponent).join('/')}/-/settings/access_tokens`;
  if (!facts.project) return `${facts.externalUrl}/-/user_settings/personal_access_tokens`;
  const { namespace, project } = facts.project;
  return `${facts.externalUrl}/${encodeURIComponent(namespace.path)}/${encodeURIComponent(project.path)}/-/settings/access_tokens`;
}

function lastUse(token: TokenRow): string {
  if (token.last_used_at === null) return 'never';
  const ips = JSON.parse(token.last_used_ips) as string[];
  return ips.length > 0 ? `${token.last_used_at} from ${ips.join(', ')}` : token.last_used_at;
}

function headline(facts: NoticeFacts): string {
  const what = facts.project
    ? `The project access token "${facts.token.name}" of ${fullPath(facts.project)}`
    : facts.group
      ? `The group access token "${facts.token.name}" of ${facts.group.path}`
      : `Your personal access token "${facts.token.name}"`;
  const notice = facts.notice;
  if (notice.kind === 'expiring') return `${what} expires on ${facts.token.expires_at} (in ${plural(notice.daysLeft, 'day')}).`;
  if (notice.kind === 'expired') return `${what} expired today, ${facts.token.expires_at} at 00:00 UTC: it no longer works.`;
  const by = notice.reporterIp ? ` (reported from ${notice.reporterIp})` : '';
  return `${what} was reported as leaked${by} and has been revoked: it no longer works.`;
}

function advice(facts: NoticeFacts): string {
  if (facts.notice.kind === 'expiring') return 'To keep what uses it working, rotate it or create a new token before then, in Access Tokens:';
  return 'Create a new token for what used it, in Access Tokens:';
}

/** The label and value rows of the token, shared by the text and the HTML. */
function factRows(facts: NoticeFacts): Array<[string, string]> {
  const { token, project, group } = facts;
  return [
    ['Token', `${token.name} (id ${token.id})`],
    ...(project ? ([['Project', fullPath(project)]] as Array<[string, string]>) : []),
    ...(group ? ([['Group', group.path]] as Array<[string, string]>) : []),
    ['Scopes', parseScopes(token.scopes).join(', ')],
    ...(project || group ? ([['Role', accessLevelName(token.access_level ?? 0)]] as Array<[string, string]>) : []),
    ['Expires', token.expires_at ?? 'never'],
    ['Last used', lastUse(token)],
  ];
}

/** The uses an `expired` or `revoked` mail lists when activity was recorded (else "Last used" says it all). */
function useLines(facts: NoticeFacts): string[] {
  if (facts.notice.kind === 'expiring') return [];
  return facts.activity.map((use) => `${use.at}  ${use.transport} ${use.action} → ${use.status}${use.ip ? ` from ${use.ip}` : ''}`);
}

function footer(facts: NoticeFacts): string {
  if (facts.group) return `You are receiving this email because you are an Owner of ${facts.group.path}.`;
  return facts.project
    ? `You are receiving this email because you are a Maintainer or Owner of ${fullPath(facts.project)}.`
    : 'You are receiving this email because of your account on this Latchkey instance.';
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);

/** One recipient's mail, plain text and HTML (every value escaped). */
export function noticeMail(facts: NoticeFacts, to: MailRecipient): MailMessage {
  const rows = factRows(facts);
  const uses = useLines(facts);
  const link = settingsUrl(facts);
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  const text = [
    `Hi ${to.name},`,
    '',
    headline(facts),
    '',
    ...rows.map(([label, value]) => `${`${label}:`.padEnd(width)}${value}`),
    ...(uses.length > 0 ? ['', 'Its last uses:', ...uses.map((line) => `  ${line}`)] : []),
    '',
    advice(facts),
    link,
    '',
    footer(facts),
    '',
  ].join('\n');
  const html = [
    '<!DOCTYPE html><html><body>',
    `<p>Hi ${escapeHtml(to.name)},</p>`,
    `<p>${escapeHtml(headline(facts))}</p>`,
    '<table>',
    ...rows.map(([label, value]) => `<tr><th align="left">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`),
    '</table>',
    ...(uses.length > 0 ? ['<ul>', ...uses.map((line) => `<li>${escapeHtml(line)}</li>`), '</ul>'] : []),
    `<p>${escapeHtml(advice(facts))} <a href="${escapeHtml(link)}">${escapeHtml(link)}</a></p>`,
    `<p><small>${escapeHtml(footer(facts))}</small></p>`,
    '</body></html>',
  ].join('\n');
  return { to: to.email, subject: noticeSubject(facts), text, html };
}
