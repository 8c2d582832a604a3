/** A source of "now" in epoch ms; injected everywhere so that tests and replays are deterministic. */
export interface Clock {
  now(): number;
}

/** The wall clock. Only used as a default at the edges (engine creation), never inside operators. */
export const systemClock: Clock = { now: () => Date.now() };
