import { describe, expect, it } from 'vitest';
import { mergeTolerations } from './merge-tolerations.js';

describe("mergeTolerations (kube's MergeTolerations)", () => {
  it('appends the second list, dropping equal entries (the first kept)', () => {
    const a = { key: 'a', operator: 'Exists', effect: 'NoSchedule' };
    const b = { key: 'b', operator: 'Equal', value: 'x' };
    expect(mergeTolerations([a], [b, { ...a }])).toEqual([a, b]);
  });

  it('keeps only the superset where one toleration covers another', () => {
    const any = { key: 'sandbox', operator: 'Exists' };
    const one = { key: 'sandbox', operator: 'Equal', value: 'gvisor', effect: 'NoSchedule' };
    expect(mergeTolerations([one], [any])).toEqual([any]);
    expect(mergeTolerations([any], [one])).toEqual([any]);
    const everything = { operator: 'Exists' };
    expect(mergeTolerations([one, any], [everything])).toEqual([everything]);
  });

  it('treats a shorter NoExecute tolerationSeconds as covered by a longer one, not the reverse', () => {
    const short = { key: 'k', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 };
    const long = { key: 'k', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 };
    const forever = { key: 'k', operator: 'Exists', effect: 'NoExecute' };
    expect(mergeTolerations([short], [long])).toEqual([long]);
    expect(mergeTolerations([long], [forever])).toEqual([forever]);
    expect(mergeTolerations([forever], [long])).toEqual([forever]);
  });
});
