import { describe, expect, it } from 'vitest';
import { addressToEndpoint, parseIP } from './convert.js';

describe('mirrored addresses', () => {
  it('parse IPs as kube does, re-stringified, and refuse the rest', () => {
    expect(parseIP('10.0.0.1')).toEqual({ ip: '10.0.0.1', addressType: 'IPv4' });
    expect(parseIP('010.000.0.01')).toEqual({ ip: '10.0.0.1', addressType: 'IPv4' });
    expect(parseIP('2001:DB8:0:0:0:0:0:1')).toEqual({ ip: '2001:db8::1', addressType: 'IPv6' });
    expect(parseIP('::ffff:10.1.2.3')).toEqual({ ip: '10.1.2.3', addressType: 'IPv4' });
    for (const bad of ['', 'example.com', '10.0.0.256', '10.0.0', 'fe80::1%eth0']) expect(parseIP(bad)).toBeUndefined();
  });

  it('become endpoints with readiness, hostname, node and target', () => {
    expect(
      addressToEndpoint(
        { ip: '10.0.0.1', hostname: 'h', nodeName: 'n', targetRef: { kind: 'Pod', name: 'p', namespace: 'ns' } },
        false,
      ),
    ).toEqual({
      addressType: 'IPv4',
      endpoint: {
        addresses: ['10.0.0.1'],
        conditions: { ready: false },
        hostname: 'h',
        nodeName: 'n',
        targetRef: { kind: 'Pod', name: 'p', namespace: 'ns' },
      },
    });
    expect(addressToEndpoint({ ip: 'nope' }, true)).toBeUndefined();
  });
});
