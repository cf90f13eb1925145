import { Git } from 'node-git-server';

// The peer a Node user would otherwise pick: node-git-server with HTTP Basic auth, in its own
// process. Usage: node --import tsx bench/lib/node-git-server.ts <repo dir> <password>
const [repoDir, password] = process.argv.slice(2);
const repos = new Git(repoDir!, {
  autoCreate: true,
  authenticate: ({ user }, next) => {
    user((_username, given) => next(given === password ? undefined : new Error('denied')));
  },
});
repos.on('push', (push) => push.accept());
repos.on('fetch', (fetch) => fetch.accept());
repos.listen(0, { type: 'http' }, () => {
  const address = repos.server?.address();
  process.stdout.write(`${typeof address === 'object' && address ? address.port : 0}\n`);
});
process.on('SIGTERM', () => void repos.close().then(() => process.exit(0)));
