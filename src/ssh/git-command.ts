import { formatProjectPath, parseGitProjectPath } from '../domain/project-ref.ts';

export type SshGitService = 'git-upload-pack' | 'git-receive-pack' | 'git-upload-archive';

export type ParsedSshCommand =
  | { ok: true; service: SshGitService; projectPath: string }
  | { ok: false; reason: 'not_git' | 'bad_arguments' };

const COMMAND = /^(git-upload-pack|git-receive-pack|git-upload-archive|git upload-pack|git receive-pack|git upload-archive) (.*)$/s;
/** One argument, bare or in single quotes (as git sends it), holding only what a path may hold. */
const ARGUMENT = /^(?:'([A-Za-z0-9_./-]+)'|([A-Za-z0-9_./-]+))$/;

/**
 * The exec request of an SSH git client: `git-upload-pack '/ns/proj.git'` (ssh:// URLs) or
 * `git-upload-pack 'ns/proj.git'` (scp-style). Exactly one path argument; no option, no second
 * argument, no shell metacharacter, no `..`: anything else is refused before a process exists.
 */
export function parseSshGitCommand(command: string): ParsedSshCommand {
  if (command.length > 1024) return { ok: false, reason: 'bad_arguments' };
  const match = COMMAND.exec(command.trim());
  if (!match) return { ok: false, reason: 'not_git' };
  const service = match[1]!.replace(' ', '-') as SshGitService;
  const argument = ARGUMENT.exec(match[2]!);
  if (!argument) return { ok: false, reason: 'bad_arguments' };
  const project = parseGitProjectPath(argument[1] ?? argument[2]!);
  if (project === null) return { ok: false, reason: 'bad_arguments' };
  return { ok: true, service, projectPath: formatProjectPath(project) };
}
