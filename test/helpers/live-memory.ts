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
const gc = vm.runInNewContext('gc') as () => void;

export function liveBytes(): number {
  gc();
  const { heapUsed, external } = process.memoryUsage();
  return heapUsed + external;
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

/** The highest live memory above the resting level while `transfer` runs, sampled every 25 ms. */
export async function peakLiveGrowth(transfer: () => Promise<void>): Promise<number> {
  const start = await restingLiveBytes();
  let peak = start;
  let running = true;
  const sampler = (async () => {
    while (running) {
      peak = Math.max(peak, liveBytes());
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
