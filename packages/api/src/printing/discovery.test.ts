import { describe, expect, it } from 'vitest';
import { endpointSlicePrinter } from './discovery.js';

const now = new Date('2024-05-01T12:00:00Z');
const meta = { name: 'web-x1y2z', namespace: 'default', creationTimestamp: '2024-05-01T11:55:00Z' };

describe('endpointslices printer', () => {
  it("has kubectl's columns", () => {
    expect(endpointSlicePrinter.columns.map((c) => c.name)).toEqual([
      'Name',
      'AddressType',
      'Ports',
      'Endpoints',
      'Age',
    ]);
  });

  it('prints up to three ports and addresses, then how many more', () => {
    const slice = {
      metadata: meta,
      addressType: 'IPv4',
      ports: [{ port: 80 }, { name: 'metrics' }, {}, { port: 443 }],
      endpoints: [
        { addresses: ['10.0.0.1'] },
        { addresses: ['10.0.0.2'] },
        { addresses: ['10.0.0.3'] },
        { addresses: ['10.0.0.4'] },
        { addresses: ['10.0.0.5'] },
      ],
    };
    expect(endpointSlicePrinter.cells(slice, now)).toEqual([
      'web-x1y2z',
      'IPv4',
      '80,metrics,* + 1 more...',
      '10.0.0.1,10.0.0.2,10.0.0.3 + 2 more...',
      '5m',
    ]);
  });

  it('prints <unset> for a slice without ports or endpoints', () => {
    expect(
      endpointSlicePrinter.cells({ metadata: meta, addressType: 'IPv4', endpoints: null, ports: null }, now),
    ).toEqual(['web-x1y2z', 'IPv4', '<unset>', '<unset>', '5m']);
  });
});
