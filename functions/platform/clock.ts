/**
 * The platform clock. Every "now" in the code comes from here so that deadlines and
 * schedules can be tried by hand: the local runtime may shift it (POST /local/clock,
 * like a payment provider's test clock). In AWS nothing ever shifts it.
 */
export interface Clock {
  now(): Date;
}

let offsetMs = 0;

export const clock: Clock = { now: () => new Date(Date.now() + offsetMs) };

/** Local runtime only: shift the platform clock so that it reads `to` now. */
export function setClockTo(to: Date): void {
  offsetMs = to.getTime() - Date.now();
}

export function advanceClock(ms: number): void {
  offsetMs += ms;
}

export function resetClock(): void {
  offsetMs = 0;
}

export const clockOffsetMs = (): number => offsetMs;

/** A clock frozen at one instant, for tests and deterministic replays. */
export const fixedClock = (at: Date | string): Clock => ({ now: () => new Date(at) });
