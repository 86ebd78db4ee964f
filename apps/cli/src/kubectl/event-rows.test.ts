import { describe, expect, it } from 'vitest';
import { lastSeenText } from './event-rows.js';

const now = Date.parse('2026-12-05T12:00:00Z');
const ago = (minutes: number) => new Date(now - minutes * 60_000).toISOString();

describe('lastSeenText (kubectl getInterval)', () => {
  it('prints the first time of a single event, the series or count form of a repeated one', () => {
    expect(lastSeenText({ count: 1, firstTimestamp: ago(20), lastTimestamp: ago(5) }, now)).toBe('20m');
    expect(lastSeenText({ count: 4, firstTimestamp: ago(20), lastTimestamp: ago(5) }, now)).toBe('5m (x4 over 20m)');
    expect(lastSeenText({ eventTime: ago(30), series: { count: 2, lastObservedTime: ago(3) } }, now)).toBe(
      '3m (x2 over 30m)',
    );
  });

  it('prints <unknown> for a time that is not set', () => {
    expect(lastSeenText({}, now)).toBe('<unknown>');
  });
});
