import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { connect, createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import pino from 'pino';
import { PushHookGateway, type HookRefLine } from './push-hooks.ts';

const OLD = 'a'.repeat(40);
const NEW = 'b'.repeat(40);

/** Talks to the gateway as a hook (or anyone on the machine) would; resolves with its answer once it closes. */
function ask(port: number, writes: (string | Buffer)[]): Promise<{ reply: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let reply = '';
    socket.on('data', (chunk) => (reply += chunk.toString('utf8')));
    socket.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)));
    socket.on('close', () => resolve({ reply, ms: Date.now() - started }));
    socket.on('connect', async () => {
      for (const write of writes) {
        if (socket.destroyed || socket.readableEnded) return;
        socket.write(write);
        await new Promise((next) => setImmediate(next));
      }
    });
  });
}

describe('PushHookGateway (the hooks talk to their node over loopback)', { timeout: 15_000 }, () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'latchkey-hooks-'));
  const gateway = new PushHookGateway(dataDir, pino({ level: 'silent' }));
  after(async () => {
    await gateway.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('a connection without a live ticket is denied on its first line, before it sends any ref line', async () => {
    const seen: HookRefLine[][] = [];
    const session = await gateway.open(async (_phase, lines) => (seen.push(lines), null));
    const port = Number(session.env.LATCHKEY_HOOK_PORT);
    const guessed = await ask(port, [`${'0'.repeat(64)} pre-receive\n`]);
    assert.match(guessed.reply, /^deny /);
    // No blank line was ever sent: the answer came from the first line alone.
    const endless = await ask(port, [Buffer.alloc(1024 * 1024, 'a')]);
    assert.match(endless.reply, /^deny /, 'a first line of a megabyte is denied without waiting for its end');
    assert.deepEqual(seen, []);
    session.close();
  });

  test('a live ticket is answered with its lines however they are split, and stops working when the push ends', async () => {
    const seen: HookRefLine[][] = [];
    const session = await gateway.open(async (_phase, lines) => (seen.push(lines), null));
    const port = Number(session.env.LATCHKEY_HOOK_PORT);
    const request = `${session.env.LATCHKEY_HOOK_TICKET} pre-receive\n${OLD} ${NEW} refs/heads/main ff\n\n`;
    const bytes = [...Buffer.from(request)].map((byte) => Buffer.from([byte]));
    assert.equal((await ask(port, bytes)).reply, 'ok\n');
    assert.equal((await ask(port, [`${session.env.LATCHKEY_HOOK_TICKET} post-receive\n\n`])).reply, 'ok\n');
    assert.deepEqual(seen, [[{ ref: 'refs/heads/main', before: OLD, after: NEW, forced: false }], []]);
    session.close();
    assert.match((await ask(port, [request])).reply, /^deny /, 'the ticket of an ended push');
    assert.equal(seen.length, 2);
  });

  test("pre-receive names git's quarantine directory; any other third word, or one on post-receive, is denied", async () => {
    const seen: (string | null)[] = [];
    const session = await gateway.open(async (_phase, _lines, quarantine) => (seen.push(quarantine), null));
    const port = Number(session.env.LATCHKEY_HOOK_PORT);
    const ticket = session.env.LATCHKEY_HOOK_TICKET;
    const lines = `${OLD} ${NEW} refs/heads/main ff\n\n`;
    assert.equal((await ask(port, [`${ticket} pre-receive tmp_objdir-incoming-Ab12Cd\n${lines}`])).reply, 'ok\n');
    assert.equal((await ask(port, [`${ticket} pre-receive\n${lines}`])).reply, 'ok\n');
    for (const third of ['../../etc', 'tmp_objdir-incoming-a/../..', 'objects']) {
      assert.match((await ask(port, [`${ticket} pre-receive ${third}\n${lines}`])).reply, /^deny /, third);
    }
    assert.match((await ask(port, [`${ticket} post-receive tmp_objdir-incoming-Ab12Cd\n\n`])).reply, /^deny /);
    assert.deepEqual(seen, ['tmp_objdir-incoming-Ab12Cd', null]);
    session.close();
  });

  test("a refusal in Latchkey's own words is answered plain (the hook prints it without GitLab's prefix), on one line", async () => {
    const session = await gateway.open(async () => ({ plain: 'Latchkey found\nsomething' }));
    const port = Number(session.env.LATCHKEY_HOOK_PORT);
    const request = `${session.env.LATCHKEY_HOOK_TICKET} pre-receive\n${OLD} ${NEW} refs/heads/main ff\n\n`;
    assert.equal((await ask(port, [request])).reply, 'plain Latchkey found something\n');
    session.close();
  });

  // (That the live node's `ok` lets a push through, every git push test shows.)
  test('a pre-receive hook that cannot reach its node refuses the push; one answered anything but ok refuses too', async () => {
    const session = await gateway.open(async () => null);
    const line = `${OLD} ${NEW} refs/heads/main\n`;
    const run = (port: string) =>
      new Promise<{ status: number | null; stderr: string }>((resolve) => {
        const env = { PATH: process.env.PATH!, LATCHKEY_HOOK_PORT: port, LATCHKEY_HOOK_TICKET: session.env.LATCHKEY_HOOK_TICKET! };
        const child = spawn(path.join(gateway.hooksDir, 'pre-receive'), [], { env });
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
        child.on('close', (status) => resolve({ status, stderr }));
        // A hook with no node to ask may exit before reading its input: a closed pipe here is expected.
        child.stdin.on('error', () => {});
        child.stdin.end(line);
      });
    // A port nothing listens on (taken, then released).
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = String((closed.address() as AddressInfo).port);
    await new Promise((resolve) => closed.close(resolve));
    const down = await run(port);

    assert.equal(down.status, 1);
    assert.match(down.stderr, /GitLab: Latchkey could not check this push\. Try again later\./);
    assert.equal((await run('')).status, 1, 'no port at all');
    // A listener that answers garbage (not our node) is no approval.
    const liar = createServer((socket) => socket.end('okay\n'));
    await new Promise<void>((resolve) => liar.listen(0, '127.0.0.1', resolve));
    assert.equal((await run(String((liar.address() as AddressInfo).port))).status, 1);
    liar.close();
    session.close();
  });
});
