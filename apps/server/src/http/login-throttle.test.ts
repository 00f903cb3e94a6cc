import { describe, expect, it } from 'vitest';
import { LoginThrottle, type ThrottleDecision } from './login-throttle.js';

/** A decision that must be an allowed attempt. */
function allowed(d: ThrottleDecision): readonly string[] {
  if (!d.allowed) throw new Error(`expected an attempt, got a wait of ${d.retryAfterMs} ms`);
  return d.keys;
}

/** Whether a promise has settled once pending callbacks ran (no timer involved). */
async function settled(p: Promise<unknown>): Promise<boolean> {
  let done = false;
  void p.then(() => (done = true));
  for (let i = 0; i < 5; i++) await Promise.resolve();
  return done;
}

describe('the failed-login throttle', () => {
  it('lets attempts for a user through one at a time: a parallel one waits for the one in flight, and is refused when it failed', async () => {
    let now = 1_000_000;
    const t = new LoginThrottle(1000, () => now);
    const first = allowed(await t.begin('10.0.0.1', 'hr', 'scott'));
    // Parallel attempts for the same user wait behind the first, before any failure.
    const parallel = [t.begin('10.0.0.1', 'hr', 'scott'), t.begin('10.0.0.2', 'hr', 'scott')];
    expect(await settled(parallel[0] as Promise<unknown>)).toBe(false);
    // Another user, another database: not held back.
    t.end(allowed(await t.begin('10.0.0.3', 'hr', 'king')), true);
    t.end(allowed(await t.begin('10.0.0.3', 'sales', 'scott')), true);
    t.end(first, false);
    // The first failed: the waiting ones are refused, told to come back after the delay.
    expect(await Promise.all(parallel)).toEqual([
      { allowed: false, retryAfterMs: 1000 },
      { allowed: false, retryAfterMs: 1000 },
    ]);
    now += 1000;
    const second = allowed(await t.begin('10.0.0.2', 'hr', 'scott'));
    const waiting = t.begin('10.0.0.4', 'hr', 'scott');
    t.end(second, false);
    expect(await waiting).toEqual({ allowed: false, retryAfterMs: 2000 });
    now += 2000;
    const right = allowed(await t.begin('10.0.0.2', 'hr', 'scott'));
    const behindRight = t.begin('10.0.0.5', 'hr', 'scott');
    t.end(right, true);
    // A success forgets the user's failures, and lets the one waiting go.
    t.end(allowed(await behindRight), true);
    t.end(allowed(await t.begin('10.0.0.2', 'hr', 'scott')), true);
  });

  it('holds back an address that fails for many users (password spraying), in flight too, not the others', async () => {
    let now = 5_000_000;
    const t = new LoginThrottle(500, () => now);
    // Six attempts for six users may be in flight from one address; the seventh waits.
    const burst = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => t.begin('10.9.9.9', 'hr', `user${i}`)));
    const seventh = t.begin('10.9.9.9', 'hr', 'user6');
    expect(await settled(seventh)).toBe(false);
    for (const d of burst) t.end(allowed(d), false);
    expect(await seventh).toEqual({ allowed: false, retryAfterMs: 500 });
    expect(await t.begin('10.9.9.9', 'hr', 'someone')).toEqual({ allowed: false, retryAfterMs: 500 });
    t.end(allowed(await t.begin('10.1.1.1', 'hr', 'someone')), true);
    // Failures are forgotten after a quarter of an hour.
    now += 16 * 60_000;
    expect((await t.begin('10.9.9.9', 'hr', 'someone')).allowed).toBe(true);
  });

  it('is off with a delay of 0', async () => {
    const t = new LoginThrottle(0);
    const a = await t.begin('10.0.0.1', 'hr', 'scott');
    const b = await t.begin('10.0.0.1', 'hr', 'scott');
    expect([a.allowed, b.allowed]).toEqual([true, true]);
  });
});
