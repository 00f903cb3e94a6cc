import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './login-throttle.js';

describe('the failed-login throttle', () => {
  it('lets attempts for a user through one at a time after a failure, each after a delay that doubles', () => {
    let now = 1_000_000;
    const t = new LoginThrottle(1000, () => now);
    const first = t.begin('10.0.0.1', 'hr', 'scott');
    expect(first.allowed).toBe(true);
    // Parallel attempts before any failure are not held back (a right password works at once).
    const parallel = t.begin('10.0.0.1', 'hr', 'scott');
    expect(parallel.allowed).toBe(true);
    if (!first.allowed || !parallel.allowed) return;
    t.end(first.keys, false);
    // The other attempt fails too: the user now waits 2 s.
    t.end(parallel.keys, false);
    expect(t.begin('10.0.0.2', 'hr', 'scott')).toEqual({ allowed: false, retryAfterMs: 2000 });
    now += 2000;
    const third = t.begin('10.0.0.2', 'hr', 'scott');
    expect(third.allowed).toBe(true);
    // While it is being tried, a parallel one for the same user is refused.
    expect(t.begin('10.0.0.3', 'hr', 'scott')).toMatchObject({ allowed: false });
    if (!third.allowed) return;
    t.end(third.keys, false);
    expect(t.begin('10.0.0.2', 'hr', 'scott')).toEqual({ allowed: false, retryAfterMs: 4000 });
    // Another user, another database: not held back.
    expect(t.begin('10.0.0.2', 'hr', 'king').allowed).toBe(true);
    expect(t.begin('10.0.0.2', 'sales', 'scott').allowed).toBe(true);
    now += 4000;
    const right = t.begin('10.0.0.2', 'hr', 'scott');
    if (!right.allowed) throw new Error('expected an attempt');
    t.end(right.keys, true);
    // A success forgets the user's failures.
    expect(t.begin('10.0.0.2', 'hr', 'scott').allowed).toBe(true);
  });

  it('holds back an address that fails for many users (password spraying), not the others', () => {
    let now = 5_000_000;
    const t = new LoginThrottle(500, () => now);
    for (let i = 0; i < 6; i++) {
      const d = t.begin('10.9.9.9', 'hr', `user${i}`);
      if (!d.allowed) throw new Error(`attempt ${i} held back`);
      t.end(d.keys, false);
    }
    expect(t.begin('10.9.9.9', 'hr', 'someone')).toEqual({ allowed: false, retryAfterMs: 500 });
    expect(t.begin('10.1.1.1', 'hr', 'someone').allowed).toBe(true);
    // Failures are forgotten after a quarter of an hour.
    now += 16 * 60_000;
    expect(t.begin('10.9.9.9', 'hr', 'someone').allowed).toBe(true);
  });
});
