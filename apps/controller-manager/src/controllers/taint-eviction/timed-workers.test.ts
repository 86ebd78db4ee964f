// The timed worker queue on a fake clock: work fires once at its time, keeps its first time,
// fires at once when due, and cancelled work never fires.
import { FakeClock } from '@wheelhouse/testing';
import { describe, expect, it } from 'vitest';
import { TimedWorkerQueue } from './timed-workers.js';

function queue(): { clock: FakeClock; q: TimedWorkerQueue; fired: string[] } {
  const clock = new FakeClock(0);
  const fired: string[] = [];
  const q = new TimedWorkerQueue(clock, (key, at) => fired.push(`${key}@${at}@${clock.now()}`));
  return { clock, q, fired };
}

describe('TimedWorkerQueue', () => {
  it('fires work at its time, once, and keeps the first schedule of a key until finished', async () => {
    const { clock, q, fired } = queue();
    q.add('ns/a', 0, 10_000);
    q.add('ns/a', 5_000, 6_000);
    q.add('ns/now', 0, 0);
    expect(fired).toEqual(['ns/now@0@0']);
    await clock.advance(9_999);
    expect(fired).toHaveLength(1);
    await clock.advance(1);
    expect(fired).toEqual(['ns/now@0@0', 'ns/a@10000@10000']);
    const work = q.get('ns/a')!;
    expect(work).toMatchObject({ createdAt: 0, fireAt: 10_000, fired: true });
    q.add('ns/a', 10_000, 10_000);
    expect(fired).toHaveLength(2);
    q.finish('ns/a', work);
    expect(q.get('ns/a')).toBeUndefined();
  });

  it('never fires cancelled work, and says whether there was any', async () => {
    const { clock, q, fired } = queue();
    q.add('ns/a', 0, 1_000);
    q.add('ns/b', 0, 1_000);
    expect(q.cancel('ns/a')).toBe(true);
    expect(q.cancel('ns/a')).toBe(false);
    q.cancelAll();
    await clock.advance(5_000);
    expect(fired).toEqual([]);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('leaves work scheduled in place of finished work alone', async () => {
    const { q } = queue();
    q.add('ns/a', 0, 0);
    const old = q.get('ns/a')!;
    q.cancel('ns/a');
    q.add('ns/a', 0, 500);
    q.finish('ns/a', old);
    expect(q.get('ns/a')).toMatchObject({ fireAt: 500, fired: false });
  });
});
