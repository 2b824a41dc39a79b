/** What time it is: the system clock in production, a fake one in tests. A leaf: imports nothing. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
