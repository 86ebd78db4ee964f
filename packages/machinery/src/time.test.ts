import { describe, expect, it } from 'vitest';
import { formatMicroTime, formatTime } from './time.js';

describe('formatTime', () => {
  it('drops the fraction as metav1.Time does', () => {
    expect(formatTime(Date.UTC(2024, 0, 2, 3, 4, 5, 999))).toBe('2024-01-02T03:04:05Z');
  });

  it('answers each second afresh when called with different seconds in turn', () => {
    const a = Date.UTC(2024, 0, 2, 3, 4, 5);
    expect(formatTime(a)).toBe('2024-01-02T03:04:05Z');
    expect(formatTime(a + 1000)).toBe('2024-01-02T03:04:06Z');
    expect(formatTime(a + 1)).toBe('2024-01-02T03:04:05Z');
  });
});

describe('formatMicroTime', () => {
  it('writes six fractional digits', () => {
    expect(formatMicroTime(Date.UTC(2024, 0, 2, 3, 4, 5, 67))).toBe('2024-01-02T03:04:05.067000Z');
  });
});
