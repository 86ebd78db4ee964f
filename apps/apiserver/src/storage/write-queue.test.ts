import { describe, expect, it } from 'vitest';
import { WriteQueue } from './write-queue.js';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('WriteQueue', () => {
  it('runs the tasks of one key one at a time, in order, whatever the earlier ones did', async () => {
    const q = new WriteQueue();
    const log: string[] = [];
    const gate = deferred();
    const first = q.run('k', async () => {
      log.push('first start');
      await gate.promise;
      log.push('first end');
      throw new Error('first failed');
    });
    const second = q.run('k', async () => {
      log.push('second');
      return 2;
    });
    const other = q.run('other', async () => {
      log.push('other');
      return 'o';
    });
    expect(await other).toBe('o');
    expect(log).toEqual(['first start', 'other']);
    gate.resolve();
    await expect(first).rejects.toThrow('first failed');
    expect(await second).toBe(2);
    expect(log).toEqual(['first start', 'other', 'first end', 'second']);
  });
});
