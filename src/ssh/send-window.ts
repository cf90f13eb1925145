/**
 * How much of the window an SSH client granted a channel we let ssh2 use: a delay-based limit, as
 * TCP Vegas does for a congestion window.
 *
 * Why a limit at all: OpenSSH's client reallocates and moves its whole buffer of unwritten channel
 * data as it drains it. When the client is the slower side (loopback, a fast link), the 2 MB window
 * it grants fills its buffer, and a 50 MB clone spent more time copying in the client (48% memmove,
 * 30% page faults on one machine) than anywhere else: 3.0 s, against 1.44 s with 256 KB in flight.
 * Why not a fixed 256 KB: on a distant link the window is what keeps the link full; 256 KB per
 * round trip is 2.6 MB/s at 100 ms.
 *
 * So the limit starts at FLOOR_BYTES and, once per round trip, compares how long the client took
 * to acknowledge (consume) what we sent with the shortest such delay seen. Little more than the
 * shortest means the bytes are on the wire, not queued at the client: the limit doubles, up to
 * everything the client granted. Much more means a queue (the client drains slower than we send):
 * the limit halves, never below the floor.
 */

export const FLOOR_BYTES = 256 * 1024;
/** Queued bytes (estimated) below which the link, not the client, holds back the transfer: widen. */
const WIDEN_BELOW_QUEUED = 64 * 1024;
/** An SSH channel data packet at most (ssh2's and OpenSSH's default): "the limit was reached" within one. */
const PACKET_BYTES = 32 * 1024;

export interface SendWindowLimit {
  /** What ssh2 may send now: the client's remaining window, within the limit. */
  readonly usable: number;
  /** The limit on bytes sent and not yet consumed by the client. */
  readonly limit: number;
  /** ssh2 sent `bytes` of channel data. */
  sent(bytes: number): void;
  /** The client consumed `bytes` more (a window adjustment). */
  consumed(bytes: number): void;
}

/** The limit for a channel whose client granted a window of `granted` bytes. */
export function sendWindowLimit(granted: number, now: () => number = () => performance.now()): SendWindowLimit {
  let remaining = granted; // the client's window as it stands
  let inFlight = 0; // sent, not yet consumed
  let limit = Math.min(FLOOR_BYTES, granted);
  let sentTotal = 0;
  let consumedTotal = 0;
  // When the data ending at each offset was sent (oldest first): a consumption's delay is read off it.
  const sends: Array<{ end: number; at: number }> = [];
  let shortestDelay = Infinity; // the delay with nothing queued: the round trip
  // This round trip: it ends once what was sent before it began has been consumed. The first
  // begins at the first consumption (before it, no delay is known).
  let roundEndsAt = Infinity;
  let shortestInRound = Infinity;
  let mostInFlight = 0;

  function endRound(): void {
    const queued = mostInFlight * (1 - shortestDelay / shortestInRound);
    const limited = mostInFlight > limit - PACKET_BYTES;
    if (limited && queued < WIDEN_BELOW_QUEUED) limit = Math.max(limit, Math.min(limit * 2, remaining + inFlight));
    else if (queued > limit / 2) limit = Math.max(FLOOR_BYTES, limit / 2);
    startRound();
  }

  function startRound(): void {
    roundEndsAt = sentTotal;
    shortestInRound = Infinity;
    mostInFlight = inFlight;
  }

  return {
    get usable() {
      return Math.max(0, Math.min(remaining, limit - inFlight));
    },
    get limit() {
      return limit;
    },
    sent(bytes) {
      remaining -= bytes;
      inFlight += bytes;
      sentTotal += bytes;
      mostInFlight = Math.max(mostInFlight, inFlight);
      sends.push({ end: sentTotal, at: now() });
    },
    consumed(bytes) {
      remaining += bytes;
      inFlight = Math.max(0, inFlight - bytes);
      consumedTotal += bytes;
      let sentAt: number | undefined;
      while (sends.length > 0 && sends[0]!.end <= consumedTotal) sentAt = sends.shift()!.at;
      if (sentAt === undefined) return;
      const delay = now() - sentAt;
      shortestDelay = Math.min(shortestDelay, delay);
      if (roundEndsAt === Infinity) return startRound();
      shortestInRound = Math.min(shortestInRound, delay);
      if (consumedTotal >= roundEndsAt) endRound();
    },
  };
}
