import { runGit } from './run-git.ts';

/** The branches and tags whose history holds `commitId`, by name (branches first, as GitLab lists them). */
export async function refsContaining(repositoryDir: string, commitId: string, type: 'branch' | 'tag' | 'all'): Promise<{ type: 'branch' | 'tag'; name: string }[]> {
  const namespaces = type === 'branch' ? ['refs/heads'] : type === 'tag' ? ['refs/tags'] : ['refs/heads', 'refs/tags'];
  const out = await runGit(['for-each-ref', '--format=%(refname)', `--contains=${commitId}`, '--sort=refname', ...namespaces], { cwd: repositoryDir });
  const refs = out
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map((ref) => (ref.startsWith('refs/heads/') ? { type: 'branch' as const, name: ref.slice(11) } : { type: 'tag' as const, name: ref.slice(10) }));
  return [...refs.filter((ref) => ref.type === 'branch'), ...refs.filter((ref) => ref.type === 'tag')];
}

/** The branches whose tip is in the history of `commitId` (merged into it), by name. */
export async function branchesMergedInto(repositoryDir: string, commitId: string): Promise<Map<string, string>> {
  const out = await runGit(['for-each-ref', '--format=%(objectname) %(refname:lstrip=2)', `--merged=${commitId}`, 'refs/heads'], { cwd: repositoryDir });
  const merged = new Map<string, string>();
  for (const line of out.toString('utf8').split('\n')) {
    const space = line.indexOf(' ');
    if (space > 0) merged.set(line.slice(space + 1), line.slice(0, space));
  }
  return merged;
}
