// Which NoExecute taints a pod tolerates, and for how long: kube's GetMatchingTolerations and getMinTolerationTime.
import { describe, expect, it } from 'vitest';
import { matchingTolerations, minTolerationMs, noExecuteTaints } from './tolerations.js';

const a = { key: 'a', effect: 'NoExecute' };
const b = { key: 'b', value: 'x', effect: 'NoExecute' };

describe('tolerations of NoExecute taints', () => {
  it('keeps only NoExecute taints', () => {
    expect(noExecuteTaints([a, { key: 'c', effect: 'NoSchedule' }, b])).toEqual([a, b]);
  });

  it('uses the first toleration of each taint, and none when one taint is not tolerated', () => {
    const forA = { key: 'a', operator: 'Exists', tolerationSeconds: 5 };
    const any = { operator: 'Exists' };
    expect(matchingTolerations([a, b], [forA, any])).toEqual([forA, any]);
    expect(matchingTolerations([a, b], [forA, { key: 'b', value: 'y' }])).toBeUndefined();
    expect(matchingTolerations([], undefined)).toEqual([]);
  });

  it('takes the shortest tolerationSeconds; forever without any; at once for none used or <= 0', () => {
    expect(minTolerationMs([{ tolerationSeconds: 300 }, { tolerationSeconds: 60 }, {}])).toBe(60_000);
    expect(minTolerationMs([{}, { operator: 'Exists' }])).toBe(Infinity);
    expect(minTolerationMs([{ tolerationSeconds: 300 }, { tolerationSeconds: -1 }])).toBe(0);
    expect(minTolerationMs([])).toBe(0);
  });
});
