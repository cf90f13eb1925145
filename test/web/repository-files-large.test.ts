import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { httpUrl } from '../git/git-cli.ts';
import { startGitFixture, type GitFixture } from '../git/git-fixture.ts';
import { DIALECTS } from '../helpers/databases.ts';
import { mb, peakLiveGrowth } from '../helpers/live-memory.ts';
import { sharedRepository } from '../helpers/shared-fixtures.ts';
import { WebClient, textOf } from './web-client.ts';

/**
 * The Files pages on a large repository (3,000 files in one directory, two 24 MB blobs, a 5 MB
 * text file): pages answer, large files are offered as downloads instead of being read, and raw
 * downloads stream. The server runs in this process and curl in its own, so the live memory of
 * this process (test/helpers/live-memory.ts) is what the server holds.
 */
const FIVE_MB = 5 * 1024 * 1024;
const BIG = 24 * 1024 * 1024;
/**
 * Bounds well below what holding the file would cost (a 5 MB file read whole is a 5 MB Buffer plus
 * its string; the 24 MB one, 24 MB), above what streams keep in flight on a busy machine.
 */
const MAX_GROWTH_BYTES = 8 * 1024 * 1024;
const MAX_STREAM_GROWTH_BYTES = 16 * 1024 * 1024;

for (const dialect of DIALECTS) {
  describe(`web repository files pages on a 50 MB repository (${dialect})`, () => {
    let f: GitFixture;
    let project: { id: number; path: string };
    let anonymous: WebClient;

    before(async () => {
      f = await startGitFixture(dialect);
      project = await f.createProject('Big Files', 'public');
      // Generated once per run, for both dialects (test/helpers/shared-fixtures.ts), and pushed.
      // Made by the shell, not here: a payload Buffer in this process would sit in the memory measured.
      const source = await sharedRepository('big-files-50mb', {
        script: `mkdir many && for i in $(seq 1 3000); do echo "file $i" > many/f$i.txt; done; head -c ${BIG} /dev/urandom > big1.bin; head -c ${BIG} /dev/urandom > big2.bin; yes 'a line of text in a five megabyte file' | head -c ${FIVE_MB} > five.txt`,
        message: 'Fifty megabytes',
      });
      const push = await f.cli.git(['push', '--quiet', httpUrl(f.baseUrl, project.path, f.t.rootToken), 'main'], { cwd: source });
      assert.equal(push.code, 0, push.stderr);
      anonymous = new WebClient(f.t);
    });
    after(() => f.close());

    const base = () => `/${project.path}`;

    /** curl fetches a raw file over real HTTP and reports how many bytes it got. */
    async function curlSize(path: string): Promise<number> {
      const res = await f.cli.run('curl', ['-sS', '-o', '/dev/null', '-w', '%{http_code} %{size_download}', `${f.baseUrl}${path}`]);
      assert.equal(res.code, 0, res.stderr);
      const [status, size] = res.stdout.split(' ');
      assert.equal(status, '200');
      return Number(size);
    }

    test('the tree pages answer: the root, and 3,000 entries of one directory a thousand a page', async () => {
      const rootTree = await anonymous.get(`${base()}/-/tree/main`);
      assert.equal(rootTree.status, 200);
      assert.match(rootTree.body, /data-entry="big1.bin"/);
      const first = await anonymous.get(`${base()}/-/tree/main/many`);
      assert.equal(first.status, 200);
      assert.equal([...first.body.matchAll(/<tr data-entry=/g)].length, 1000);
      assert.match(textOf(first.body), /Page 1 of 3/);
      assert.match(first.body, />Fifty megabytes<\/a>/, 'entries show their last commit');
      const last = await anonymous.get(`${base()}/-/tree/main/many?page=3`);
      assert.equal([...last.body.matchAll(/<tr data-entry=/g)].length, 1000);
    });

    test('a 5 MB file: the page offers a download and the server\'s live memory stays flat over repeated pages and downloads', async () => {
      await anonymous.get(`${base()}/-/blob/main/five.txt`); // warm up code paths
      const growth = await peakLiveGrowth(async () => {
        for (let i = 0; i < 10; i++) {
          const page = await anonymous.get(`${base()}/-/blob/main/five.txt`);
          assert.equal(page.status, 200);
          assert.match(textOf(page.body), /The source could not be displayed because it is larger than 2\.0 MiB\. Download it \( ?5\.0 MiB\)/);
          assert.ok(!page.body.includes('id="L1"'), 'no line of it is shown');
        }
        for (let i = 0; i < 3; i++) assert.equal(await curlSize(`${base()}/-/raw/main/five.txt`), FIVE_MB);
      });
      process.stdout.write(`# ${dialect}: 10 pages and 3 raw downloads of a 5 MB file grew live memory by ${mb(growth)}\n`);
      assert.ok(growth < MAX_GROWTH_BYTES, `live memory grew by ${mb(growth)}`);
    });

    test('a 24 MB binary: the page offers a download, and the raw file streams whole without the server holding it', async () => {
      const page = await anonymous.get(`${base()}/-/blob/main/big1.bin`);
      assert.equal(page.status, 200);
      assert.match(textOf(page.body), /This file is binary and cannot be shown\. Download it \(24\.0 MiB\)/);
      let size = 0;
      const growth = await peakLiveGrowth(async () => {
        size = await curlSize(`${base()}/-/raw/main/big1.bin?inline=false`);
      });
      assert.equal(size, BIG);
      process.stdout.write(`# ${dialect}: a 24 MB raw download grew live memory by ${mb(growth)}\n`);
      assert.ok(growth < MAX_STREAM_GROWTH_BYTES, `live memory grew by ${mb(growth)}`);
    });
  });
}
