import { describe, expect, it } from 'vitest';
import { formatLogLine } from './log-format.js';

describe('formatLogLine', () => {
  it('prints a pino record as time, level, message and its own fields', () => {
    const line = JSON.stringify({
      level: 40,
      time: Date.UTC(2026, 11, 5, 13, 5, 1, 123),
      pid: 7,
      hostname: 'vm',
      component: 'node',
      node: 'node-2',
      msg: 'lease renewal failed',
      err: { type: 'Error', message: 'connect ECONNREFUSED', stack: 'Error: ...\n    at x' },
    });
    expect(formatLogLine(line)).toBe(
      '13:05:01.123 WARN  lease renewal failed component=node node=node-2 err="connect ECONNREFUSED"',
    );
  });

  it('leaves a line that is not a JSON record as it is', () => {
    expect(formatLogLine('Error: unknown flag: --x')).toBe('Error: unknown flag: --x');
    expect(formatLogLine('{not json')).toBe('{not json');
  });
});
