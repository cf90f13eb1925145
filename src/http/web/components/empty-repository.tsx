/**
 * What an empty repository's overview says: how to push the first commit over HTTP or SSH. A
 * project access token (with `write_repository`) is the password over HTTP; no token is shown.
 */
export function EmptyRepository({ httpUrl, sshUrl, branch, directory }: { httpUrl: string; sshUrl: string; branch: string; directory: string }) {
  const steps = (url: string) =>
    [
      `git clone ${url}`,
      `cd ${directory}`,
      `git switch --create ${branch}`,
      'touch README.md',
      'git add README.md',
      'git commit -m "Add README"',
      `git push --set-upstream origin ${branch}`,
    ].join('\n');
  const existing = (url: string) =>
    [`cd existing_folder`, `git init --initial-branch=${branch}`, `git remote add origin ${url}`, 'git add .', 'git commit -m "Initial commit"', `git push -u origin ${branch}`].join('\n');
  return (
    <article class="empty-repository" aria-labelledby="empty-heading">
      <h2 id="empty-heading">The repository is empty</h2>
      <p>
        Push a first commit to start. Over HTTP, git asks for a user name and password: any user name will do with a project access token (scope{' '}
        <code>write_repository</code>, role Developer or above) as the password, or your own user name and password. Over SSH, use a key added to your
        account, or a project access token as the password.
      </p>
      <h3>Create a new repository</h3>
      <pre id="empty-new-http">{steps(httpUrl)}</pre>
      <p>Or over SSH:</p>
      <pre id="empty-new-ssh">{steps(sshUrl)}</pre>
      <h3>Push an existing folder</h3>
      <pre id="empty-existing-http">{existing(httpUrl)}</pre>
      <p>Or over SSH:</p>
      <pre id="empty-existing-ssh">{existing(sshUrl)}</pre>
    </article>
  );
}
