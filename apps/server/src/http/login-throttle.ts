// Failed logins, counted per database user and per client address, so that guessing passwords is slow
// even with many requests at once: after a failure the next attempt for the same user waits a delay
// that doubles with each further failure, and only one attempt runs at a time; a client address
// gets the same treatment once it has failed for several users (password spraying). An attempt made
// too early is answered 429 with Retry-After before the password is tried against the database.

/** Failures an address may have (for any users) before it is slowed down too. */
const ADDRESS_FREE_FAILURES = 5;
/** The longest wait between two attempts, however many have failed. */
const MAX_DELAY_MS = 60_000;
/** A key with no failure for this long is forgotten. */
const FORGET_AFTER_MS = 15 * 60_000;
/** Keys kept at most (the oldest go first), so a flood of made-up names cannot fill the memory. */
const MAX_KEYS = 10_000;

interface KeyState {
  failures: number;
  /** No attempt before this time (ms since the epoch). */
  notBefore: number;
  inFlight: number;
  lastFailure: number;
}

/** What `begin` answers: go ahead (and call `end`), or wait this long. */
export type ThrottleDecision = { readonly allowed: true; readonly keys: readonly string[] } | { readonly allowed: false; readonly retryAfterMs: number };

/** The failed-login counters of one service. */
export class LoginThrottle {
  readonly #baseDelayMs: number;
  readonly #now: () => number;
  readonly #states = new Map<string, KeyState>();

  constructor(baseDelayMs: number, now: () => number = Date.now) {
    this.#baseDelayMs = baseDelayMs;
    this.#now = now;
  }

  #keys(address: string, database: string, user: string): [string, string] {
    return [`user\u0000${database}\u0000${user}`, `address\u0000${address}`];
  }

  /** How many failures a key may have before it is held back. */
  #freeFailures(key: string): number {
    return key.startsWith('address') ? ADDRESS_FREE_FAILURES : 0;
  }

  /** Before trying a login: whether it may be tried now. An allowed attempt must be ended with `end`. */
  begin(address: string, database: string, user: string): ThrottleDecision {
    const now = this.#now();
    const keys = this.#keys(address, database, user);
    let wait = 0;
    for (const key of keys) {
      const s = this.#states.get(key);
      if (s === undefined || s.failures <= this.#freeFailures(key)) continue;
      if (now - s.lastFailure > FORGET_AFTER_MS) {
        this.#states.delete(key);
        continue;
      }
      // After a failure, attempts for the key go one at a time, each after the delay.
      if (s.notBefore > now) wait = Math.max(wait, s.notBefore - now);
      else if (s.inFlight > 0) wait = Math.max(wait, this.#delay(s.failures - this.#freeFailures(key)));
    }
    if (wait > 0) return { allowed: false, retryAfterMs: wait };
    for (const key of keys) {
      const s = this.#states.get(key);
      if (s !== undefined) s.inFlight += 1;
    }
    return { allowed: true, keys };
  }

  /** After an allowed attempt: a success forgets the user's failures, a failure counts for the user and the address. */
  end(keys: readonly string[], succeeded: boolean): void {
    const now = this.#now();
    for (const key of keys) {
      const s = this.#states.get(key);
      if (s !== undefined && s.inFlight > 0) s.inFlight -= 1;
      if (succeeded) {
        if (key.startsWith('user') && s !== undefined && s.inFlight === 0) this.#states.delete(key);
        continue;
      }
      const state = s ?? { failures: 0, notBefore: 0, inFlight: 0, lastFailure: now };
      state.failures += 1;
      state.lastFailure = now;
      const over = state.failures - this.#freeFailures(key);
      if (over > 0) state.notBefore = Math.max(state.notBefore, now + this.#delay(over));
      // Re-inserting keeps the map in order of last failure, so the oldest key is dropped first.
      this.#states.delete(key);
      this.#states.set(key, state);
    }
    while (this.#states.size > MAX_KEYS) {
      const oldest = this.#states.keys().next().value;
      if (oldest === undefined) break;
      this.#states.delete(oldest);
    }
  }

  /** The wait after the n-th counted failure: the base delay, doubled with each further one, at most a minute. */
  #delay(n: number): number {
    return Math.min(MAX_DELAY_MS, this.#baseDelayMs * 2 ** Math.min(n - 1, 16));
  }
}
