import type { Clock } from '../domain/ports';

/** The real time; tests give the use cases their own Clock. */
export const systemClock: Clock = { now: () => new Date() };
