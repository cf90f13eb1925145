import type { Clock } from '../../src/domain/clock.ts';

/** A clock the test moves by hand (expiry at midnight UTC, throttles, bans). */
export class TestClock implements Clock {
  private current: number;

  constructor(start = '2026-11-29T12:00:00.000Z') {
    this.current = Date.parse(start);
  }

  now(): Date {
    return new Date(this.current);
  }

  set(iso: string): void {
    this.current = Date.parse(iso);
  }

  advance(ms: number): void {
    this.current += ms;
  }
}
