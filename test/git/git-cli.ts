import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export type SshAuth = { password: string } | { identityFile: string };

/**
 * The real git and OpenSSH clients in an isolated home: no system or user config, no prompts,
 * no credential helper, no agent. Tokens reach ssh through sshpass's environment, never argv.
 */
export class GitCli {
  readonly home: string;
  private counter = 0;

  constructor() {
    this.home = mkdtempSync(path.join(tmpdir(), 'latchkey-git-client-'));
    writeFileSync(
      path.join(this.home, '.gitconfig'),
      '[user]\n\tname = Test Pusher\n\temail = pusher@example.com\n[init]\n\tdefaultBranch = main\n[advice]\n\tdetachedHead = false\n',
    );
  }

  /** A fresh, empty directory under the client's home. */
  dir(prefix = 'work'): string {
    const dir = path.join(this.home, `${prefix}-${++this.counter}`);
    mkdirSync(dir, { recursive: true });
    return dir;
  }

  run(command: string, args: string[], options: { cwd?: string; env?: Record<string, string>; input?: string } = {}): Promise<CliResult> {
    return new Promise((resolve, reject) => {
      const child = spawn(command, args, {
        cwd: options.cwd ?? this.home,
        env: {
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          HOME: this.home,
          LANG: 'C',
          GIT_TERMINAL_PROMPT: '0',
          GIT_CONFIG_NOSYSTEM: '1',
          GIT_ASKPASS: '',
          SSH_ASKPASS: '',
          ...options.env,
        },
        stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
      child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      if (options.input !== undefined) child.stdin!.end(options.input);
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  git(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<CliResult> {
    return this.run('git', args, options);
  }

  /** The environment that makes git speak SSH to our server with a token or a key. */
  sshEnv(port: number, auth: SshAuth): Record<string, string> {
    const base = `ssh -F /dev/null -p ${port} -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR`;
    if ('password' in auth) {
      return {
        SSHPASS: auth.password,
        GIT_SSH_COMMAND: `sshpass -e ${base} -o PreferredAuthentications=password -o PubkeyAuthentication=no -o NumberOfPasswordPrompts=1`,
      };
    }
    return {
      GIT_SSH_COMMAND: `${base} -i ${auth.identityFile} -o IdentitiesOnly=yes -o PreferredAuthentications=publickey -o BatchMode=yes`,
    };
  }

  /** ssh itself (not through git): a shell or an arbitrary command. */
  ssh(port: number, auth: SshAuth, remoteArgs: string[]): Promise<CliResult> {
    const env = this.sshEnv(port, auth);
    return this.run('sh', ['-c', `${env.GIT_SSH_COMMAND} git@127.0.0.1 "$@"`, 'ssh', ...remoteArgs], { env });
  }

  /** A new commit in `dir` (a clone), with the given files. */
  async commit(dir: string, files: Record<string, string | Buffer>, message: string): Promise<void> {
    for (const [name, content] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      writeFileSync(path.join(dir, name), content);
    }
    const add = await this.git(['add', '--all'], { cwd: dir });
    if (add.code !== 0) throw new Error(add.stderr);
    const commit = await this.git(['commit', '--quiet', '-m', message], { cwd: dir });
    if (commit.code !== 0) throw new Error(commit.stderr);
  }

  close(): void {
    rmSync(this.home, { recursive: true, force: true });
  }
}

export function httpUrl(baseUrl: string, projectPath: string, password?: string, username = 'oauth2'): string {
  const url = new URL(`${baseUrl}/${projectPath}.git`);
  if (password !== undefined) {
    url.username = username;
    url.password = password;
  }
  return url.toString();
}

export function sshUrl(port: number, projectPath: string): string {
  return `ssh://git@127.0.0.1:${port}/${projectPath}.git`;
}
