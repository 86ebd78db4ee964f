import type { EndpointSubset } from '@wheelhouse/api';
import { describe, expect, it } from 'vitest';
import { truncateSubsets } from './capacity.js';

const addresses = (n: number, base: number) =>
  Array.from({ length: n }, (_, i) => ({ ip: `10.${base}.${i >> 8}.${i & 255}` }));

describe('Endpoints capacity', () => {
  it('keeps Endpoints of up to 1000 addresses whole', () => {
    expect(truncateSubsets([{ addresses: addresses(600, 1), notReadyAddresses: addresses(400, 2) }])).toBeUndefined();
  });

  it('cuts not-ready addresses first, each subset keeping its share', () => {
    const subsets: EndpointSubset[] = [
      { addresses: addresses(800, 1), notReadyAddresses: addresses(300, 2) },
      { notReadyAddresses: addresses(100, 3) },
    ];
    const cut = truncateSubsets(subsets)!;
    expect(cut.map((s) => [(s.addresses ?? []).length, (s.notReadyAddresses ?? []).length])).toEqual([
      [800, 150],
      [0, 50],
    ]);
  });

  it('keeps at most 1000 ready addresses and no not-ready ones when ready ones alone are too many', () => {
    const cut = truncateSubsets([
      { addresses: addresses(900, 1), notReadyAddresses: addresses(5, 2) },
      { addresses: addresses(300, 3) },
    ])!;
    expect(cut.map((s) => [(s.addresses ?? []).length, (s.notReadyAddresses ?? []).length])).toEqual([
      [750, 0],
      [250, 0],
    ]);
  });
});
