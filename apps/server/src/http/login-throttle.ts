// Failed logins, counted per database user and per client address, so that guessing passwords is slow
// even with many requests at once. Attempts for one user go one at a time: a parallel attempt waits
// behind the one in flight (a right password then lets it through at once, a wrong one answers it
// 429), so a burst of guesses reaches the database once, not once per request. After a failure the
// next attempt waits a delay that doubles with each further failure. A client address may have a few
// attempts in flight, and a few failures for any users, before it gets the same treatment (password
// spraying). An attempt made too early is answered 429 with Retry-After before the password is tried.

/** Failures an address may have (for any users) before it is slowed down too. */
const ADDRESS_FREE_FAILURES = 5;
/** The longest wait between two attempts, however many have failed. */
const MAX_DELAY_MS = 60_000;
/** A key with no failure for this long is forgotten. */
const FORGET_AFTER_MS = 15 * 60_000;
/** Keys kept at most (the oldest go first), so a flood of made-up names cannot fill the memory. */
const MAX_KEYS = 10_000;
/** Attempts that may wait behind one key's attempts in flight; more are answered 429 at once. */
const MAX_WAITERS = 50;

interface KeyState {
  failures: number;
  /** No attempt before this time (ms since the epoch). */
  notBefore: number;
  inFlight: number;
  lastFailure: number;
  /** Attempts waiting for one in flight to end, woken to look again. */
  readonly waiters: (() => void)[];
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

  /** How many attempts a key may have in flight: one for a user; for an address, its failures still free (at least one). */
  #slots(key: string, s: KeyState): number {
    return Math.max(1, this.#freeFailures(key) + 1 - s.failures);
  }

  #state(key: string): KeyState {
    let s = this.#states.get(key);
    if (s === undefined) {
      s = { failures: 0, notBefore: 0, inFlight: 0, lastFailure: 0, waiters: [] };
      this.#states.set(key, s);
    }
    return s;
  }

  /**
   * Before trying a login: whether it may be tried now. An attempt for a key with attempts in flight
   * waits until they end, then looks again. An allowed attempt must be ended with `end`.
   */
  async begin(address: string, database: string, user: string): Promise<ThrottleDecision> {
    const keys = this.#keys(address, database, user);
    if (this.#baseDelayMs <= 0) return { allowed: true, keys };
    for (;;) {
      const now = this.#now();
      let wait = 0;
      let busy: KeyState | undefined;
      for (const key of keys) {
        const s = this.#states.get(key);
        if (s === undefined) continue;
        if (s.failures > 0 && now - s.lastFailure > FORGET_AFTER_MS) {
          s.failures = 0;
          s.notBefore = 0;
        }
        if (s.failures > this.#freeFailures(key) && s.notBefore > now) wait = Math.max(wait, s.notBefore - now);
        else if (s.inFlight >= this.#slots(key, s)) busy ??= s;
      }
      if (wait > 0) return { allowed: false, retryAfterMs: wait };
      if (busy !== undefined) {
        if (busy.waiters.length >= MAX_WAITERS) return { allowed: false, retryAfterMs: this.#delay(Math.max(1, busy.failures)) };
        const waiters = busy.waiters;
        await new Promise<void>((resolve) => waiters.push(resolve));
        continue;
      }
      for (const key of keys) this.#state(key).inFlight += 1;
      this.#evict();
      return { allowed: true, keys };
    }
  }

  /** After an allowed attempt: a success forgets the user's failures, a failure counts for the user and the address. */
  end(keys: readonly string[], succeeded: boolean): void {
    if (this.#baseDelayMs <= 0) return;
    const now = this.#now();
    for (const key of keys) {
      const s = this.#states.get(key);
      if (s === undefined) continue;
      if (s.inFlight > 0) s.inFlight -= 1;
      if (succeeded) {
        if (key.startsWith('user')) {
          s.failures = 0;
          s.notBefore = 0;
        }
      } else {
        s.failures += 1;
        s.lastFailure = now;
        const over = s.failures - this.#freeFailures(key);
        if (over > 0) s.notBefore = Math.max(s.notBefore, now + this.#delay(over));
        // Re-inserting keeps the map in order of last use, so the oldest key is dropped first.
        this.#states.delete(key);
        this.#states.set(key, s);
      }
      // The waiting attempts look again: one may go, the others wait on, or are refused after a failure.
      const waiting = s.waiters.splice(0);
      if (s.failures === 0 && s.inFlight === 0) this.#states.delete(key);
      for (const wake of waiting) wake();
    }
  }

  /** Drop the oldest keys beyond MAX_KEYS; their waiting attempts look again (and find no state). */
  #evict(): void {
    while (this.#states.size > MAX_KEYS) {
      const oldest = this.#states.entries().next().value;
      if (oldest === undefined) break;
      this.#states.delete(oldest[0]);
      for (const wake of oldest[1].waiters.splice(0)) wake();
    }
  }

  /** The wait after the n-th counted failure: the base delay, doubled with each further one, at most a minute. */
  #delay(n: number): number {
    return Math.min(MAX_DELAY_MS, this.#baseDelayMs * 2 ** Math.min(n - 1, 16));
  }
}
