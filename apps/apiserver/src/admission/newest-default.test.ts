import { describe, expect, it } from 'vitest';
import { newestDefault } from './newest-default.js';

const cls = (name: string, creationTimestamp: string) => ({ metadata: { name, creationTimestamp } });

describe('newestDefault', () => {
  it('picks the newest class, the lower name among equally new ones, nothing among none', () => {
    const old = cls('a-old', '2026-01-01T00:00:00Z');
    const [b, c] = [cls('b', '2026-02-01T00:00:00Z'), cls('c', '2026-02-01T00:00:00Z')];
    expect(newestDefault([old, c, b])).toBe(b);
    expect(newestDefault([c, old])).toBe(c);
    expect(newestDefault([])).toBeUndefined();
  });
});
