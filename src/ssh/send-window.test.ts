import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FLOOR_BYTES, sendWindowLimit } from './send-window.ts';

const KB = 1024;
const MB = 1024 * KB;
const PACKET = 32 * KB;
const CLIENT_WINDOW = 2 * MB; // what OpenSSH grants a session channel

/**
 * A transfer of `total` bytes to a client the way OpenSSH's behaves: packets arrive `oneWayMs`
 * after they are sent, the client writes them on at `drainKbPerMs`, and it returns window once it
 * has written more than three packets' worth. Stepped in 10 µs.
 */
function transfer(options: { oneWayMs: number; drainKbPerMs: number; total: number }) {
  let clock = 0;
  const window = sendWindowLimit(CLIENT_WINDOW, () => clock);
  const toClient: Array<{ at: number; bytes: number }> = [];
  const toServer: Array<{ at: number; bytes: number }> = [];
  let sent = 0;
  let buffered = 0; // at the client, not yet written on
  let mostBuffered = 0;
  let written = 0;
  let unreturned = 0;
  const step = 0.01;
  while (written < options.total) {
    while (sent < options.total && window.usable > 0) {
      const bytes = Math.min(PACKET, window.usable, options.total - sent);
      window.sent(bytes);
      sent += bytes;
      toClient.push({ at: clock + options.oneWayMs, bytes });
    }
    clock += step;
    while (toClient.length > 0 && toClient[0]!.at <= clock) buffered += toClient.shift()!.bytes;
    mostBuffered = Math.max(mostBuffered, buffered);
    const drained = Math.min(buffered, options.drainKbPerMs * KB * step);
    buffered -= drained;
    written += drained;
    unreturned += drained;
    if (unreturned > 3 * PACKET || (written >= options.total && unreturned > 0)) {
      toServer.push({ at: clock + options.oneWayMs, bytes: unreturned });
      unreturned = 0;
    }
    while (toServer.length > 0 && toServer[0]!.at <= clock) window.consumed(toServer.shift()!.bytes);
  }
  return { ms: clock, limit: window.limit, mostBuffered };
}

test('a client slower than the link: the data waiting at the client stays near the floor, not the 2 MB it granted', () => {
  const result = transfer({ oneWayMs: 0.02, drainKbPerMs: 100, total: 20 * MB });
  assert.equal(result.limit, FLOOR_BYTES);
  assert.ok(result.mostBuffered <= FLOOR_BYTES, `at most ${result.mostBuffered} bytes waited at the client`);
});

test('a distant client: the limit widens to the whole window, and the transfer runs as fast as with no limit', () => {
  const total = 50 * MB;
  const result = transfer({ oneWayMs: 50, drainKbPerMs: 100, total });
  assert.equal(result.limit, CLIENT_WINDOW);
  // With the window full, 2 MB per 100 ms round trip: 50 MB in 2.5 s plus the widening rounds.
  // The floor alone would need 256 KB per round trip: 20 s.
  const floorOnlyMs = (total / FLOOR_BYTES) * 100;
  assert.ok(result.ms < floorOnlyMs / 4, `${Math.round(result.ms)} ms, against ${floorOnlyMs} ms at the floor`);
});

test('a client that slows down after a distant start: the limit narrows again', () => {
  let clock = 0;
  const window = sendWindowLimit(CLIENT_WINDOW, () => clock);
  // Round trips of 100 ms with nothing queued: the limit widens to the window.
  for (let round = 0; round < 6; round++) {
    const bytes = window.usable;
    window.sent(bytes);
    clock += 100;
    window.consumed(bytes);
  }
  assert.equal(window.limit, CLIENT_WINDOW);
  // Then every byte waits 400 ms more than the round trip: a queue at the client.
  for (let round = 0; round < 6; round++) {
    const bytes = window.usable;
    window.sent(bytes);
    clock += 500;
    window.consumed(bytes);
  }
  assert.equal(window.limit, FLOOR_BYTES);
});

test('a window smaller than the floor is used as granted', () => {
  const window = sendWindowLimit(64 * KB, () => 0);
  assert.equal(window.usable, 64 * KB);
  window.sent(64 * KB);
  assert.equal(window.usable, 0);
  window.consumed(32 * KB);
  assert.equal(window.usable, 32 * KB);
});
