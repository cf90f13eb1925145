import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';

/**
 * A bare repository of `commits` commits adding incompressible files, `megabytes` in all, built
 * with one `git fast-import` stream (seconds, not minutes).
 */
export async function generateRepository(dir: string, megabytes: number, commits: number): Promise<void> {
  execFileSync('git', ['init', '--bare', '--quiet', '--initial-branch=main', dir]);
  const child = spawn('git', ['fast-import', '--quiet'], { cwd: dir, stdio: ['pipe', 'ignore', 'inherit'] });
  const done = new Promise<void>((resolve, reject) => child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`fast-import exited ${code}`)))));
  const perCommit = Math.max(1, Math.floor((megabytes * 1024 * 1024) / commits));
  const write = (chunk: string | Buffer) =>
    new Promise<void>((resolve) => (child.stdin.write(chunk) ? resolve() : child.stdin.once('drain', resolve)));
  for (let i = 1; i <= commits; i++) {
    const data = randomBytes(perCommit);
    const message = `commit ${i}\n`;
    await write(`commit refs/heads/main\nmark :${i}\ncommitter Bench <bench@example.com> ${1_700_000_000 + i} +0000\ndata ${Buffer.byteLength(message)}\n${message}`);
    if (i > 1) await write(`from :${i - 1}\n`);
    await write(`M 100644 inline files/${i % 100}/file-${i}.bin\ndata ${data.length}\n`);
    await write(data);
    await write('\n\n');
  }
  child.stdin.end();
  await done;
  execFileSync('git', ['repack', '-adq'], { cwd: dir });
}
