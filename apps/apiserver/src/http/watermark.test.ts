import { describe, expect, it } from 'vitest';
import { Watermark } from './watermark.js';

describe('Watermark', () => {
  it('reports the largest value of the last completed second, then the value held since', () => {
    let now = 0;
    const w = new Watermark(() => now);
    w.set(3);
    w.set(7);
    w.set(2);
    expect(w.read()).toBe(0);
    now = 1000;
    expect(w.read()).toBe(7);
    now = 2500;
    expect(w.read()).toBe(2);
    w.set(0);
    now = 3100;
    expect(w.read()).toBe(2);
    now = 9000;
    expect(w.read()).toBe(0);
  });
});
