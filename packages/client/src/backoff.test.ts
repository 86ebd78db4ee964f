import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '@wheelhouse/testing';
import { Backoff } from './backoff.js';
import { ClientError } from './errors.js';

describe('Backoff', () => {
  it('doubles from 1 s to the 30 s cap without jitter', () => {
    const b = new Backoff({ clock: new FakeClock(0), random: () => 0 });
    expect(Array.from({ length: 7 }, () => b.next())).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
  });

  it('jitters each delay up to twice its base, never past the cap', () => {
    const b = new Backoff({ clock: new FakeClock(0), random: () => 0.5 });
    expect(Array.from({ length: 6 }, () => b.next())).toEqual([1_500, 3_000, 6_000, 12_000, 24_000, 30_000]);
  });

  it('starts over after a stable period of two minutes', async () => {
    const clock = new FakeClock(0);
    const b = new Backoff({ clock, random: () => 0 });
    b.next();
    b.next();
    await clock.advance(120_000);
    expect(b.next()).toBe(4_000);
    await clock.advance(120_001);
    expect(b.next()).toBe(1_000);
  });

  it('starts over on reset', () => {
    const b = new Backoff({ clock: new FakeClock(0), random: () => 0 });
    b.next();
    b.next();
    b.reset();
    expect(b.next()).toBe(1_000);
  });

  it('wait sleeps the next delay on the clock and honours abort', async () => {
    const clock = new FakeClock(0);
    const b = new Backoff({ clock, random: () => 0 });
    let woke = false;
    void b.wait().then(() => (woke = true));
    await clock.advance(999);
    expect(woke).toBe(false);
    await clock.advance(1);
    expect(woke).toBe(true);
    const ac = new AbortController();
    const p = b.wait(ac.signal);
    ac.abort(new Error('stop'));
    await expect(p).rejects.toThrow('stop');
  });

  it('stays within [initial, max] and never shrinks its base for any random sequence', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 0.999999, noNaN: true }), { minLength: 1, maxLength: 50 }),
        (rs) => {
          let i = 0;
          const b = new Backoff({ clock: new FakeClock(0), random: () => rs[i++ % rs.length]! });
          for (let n = 0; n < rs.length; n++) {
            const d = b.next();
            expect(d).toBeGreaterThanOrEqual(Math.min(30_000, 1_000 * 2 ** n));
            expect(d).toBeLessThanOrEqual(30_000);
          }
        },
      ),
    );
  });

  it('rejects inconsistent options', () => {
    expect(() => new Backoff({ initialMs: 0 })).toThrow(ClientError);
    expect(() => new Backoff({ initialMs: 10, maxMs: 5 })).toThrow('maxMs');
    expect(() => new Backoff({ factor: 0.5 })).toThrow('factor');
    expect(() => new Backoff({ jitter: -1 })).toThrow('jitter');
  });
});
