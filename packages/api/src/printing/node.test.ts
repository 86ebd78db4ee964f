import { describe, expect, it } from 'vitest';
import { runtimeClassPrinter } from './node.js';

describe('runtimeClassPrinter', () => {
  it('prints NAME HANDLER AGE', () => {
    expect(runtimeClassPrinter.columns.map((c) => c.name)).toEqual(['Name', 'Handler', 'Age']);
    const rc = { metadata: { name: 'gvisor', creationTimestamp: '2024-05-01T11:55:00Z' }, handler: 'runsc' };
    expect(runtimeClassPrinter.cells(rc, new Date('2024-05-01T12:00:00Z'))).toEqual(['gvisor', 'runsc', '5m']);
  });
});
