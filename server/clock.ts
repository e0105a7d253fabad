/** The source of "now". Domain code never reads the system clock; services receive a Clock. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock for tests and jobs that must move time by hand. */
export class ManualClock implements Clock {
  constructor(private current: Date = new Date("2026-01-15T10:00:00.000Z")) {}
  now(): Date {
    return new Date(this.current);
  }
  set(to: Date): void {
    this.current = new Date(to);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}
