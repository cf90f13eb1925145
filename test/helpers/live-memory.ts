import { setTimeout as delay } from 'node:timers/promises';
import v8 from 'node:v8';
import vm from 'node:vm';

/**
 * The live memory of this process (V8 heap plus Buffers, right after a forced full GC), for tests
 * that prove a transfer streams: the server runs in this process, its clients (git, ssh, curl)
 * are their own. Resident memory alone would not tell: a streamed chunk stays resident as garbage
 * until V8 collects it, and V8 lets tens of MB of such Buffers pile up before it does.
 */
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as (options?: { type: 'minor' | 'major' }) => void;

/** V8 heap plus Buffers as they are, garbage included: never less than the live memory. */
function heldBytes(): number {
  const { heapUsed, external } = process.memoryUsage();
  return heapUsed + external;
}

export function liveBytes(): number {
  gc();
  return heldBytes();
}

/** The resting level: V8 frees dead Buffers' memory on a background thread, a moment after a GC. */
export async function restingLiveBytes(): Promise<number> {
  let lowest = liveBytes();
  for (let i = 0; i < 5; i++) {
    await delay(20);
    lowest = Math.min(lowest, liveBytes());
  }
  return lowest;
}

/**
 * The highest live memory above the resting level while `transfer` runs, sampled every 25 ms.
 *
 * Each sample first runs a young-generation collection (about a millisecond), which frees the
 * chunks a stream leaves behind; what is left is an upper bound of the live memory. Only when that
 * bound is above the peak so far, so the sample could raise it, does a full collection measure the
 * live memory exactly. The peak is the one a full collection at every sample finds (a sample that
 * skips it cannot be above the peak), but the transfer is not starved: back-to-back full
 * collections (tens of ms each, hundreds on a loaded machine) used to hold the event loop most of
 * the time and made a 50 MB download take a minute.
 */
export async function peakLiveGrowth(transfer: () => Promise<void>): Promise<number> {
  const start = await restingLiveBytes();
  let peak = start;
  let running = true;
  const sampler = (async () => {
    while (running) {
      gc({ type: 'minor' });
      if (heldBytes() > peak) peak = Math.max(peak, liveBytes());
      await delay(25);
    }
  })();
  try {
    await transfer();
  } finally {
    running = false;
    await sampler;
  }
  return peak - start;
}

export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
