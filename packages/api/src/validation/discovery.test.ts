import { describe, expect, it } from 'vitest';
import { defaultEndpointSlice } from '../defaults/endpointslice.js';
import type { EndpointSlice } from '../schema/discovery-v1.js';
import { ENDPOINT_SLICE_STRATEGY } from '../strategy/endpointslice.js';
import { validateEndpointSlice, validateEndpointSliceUpdate } from './discovery.js';
import { formatFieldError, type FieldError } from './field-errors.js';

const messages = (errs: FieldError[]) => errs.map(formatFieldError);
const slice = (fields: Partial<EndpointSlice>): EndpointSlice =>
  defaultEndpointSlice({ metadata: { name: 'web-abcde', namespace: 'default' }, addressType: 'IPv4', ...fields });
const at = (...addresses: string[]) => ({ addresses });

describe('EndpointSlice validation', () => {
  it('accepts a slice as the controller writes it, ports defaulted to TCP with an empty name', () => {
    const s = slice({
      endpoints: [{ ...at('10.0.0.1'), conditions: { ready: true }, hostname: 'web-0', nodeName: 'n1' }],
      ports: [{ port: 80 }],
    });
    expect(s.ports).toEqual([{ name: '', protocol: 'TCP', port: 80 }]);
    expect(validateEndpointSlice(s)).toEqual([]);
  });

  it('requires a supported addressType and keeps it immutable', () => {
    expect(messages(validateEndpointSlice(slice({ addressType: undefined })))).toEqual(['addressType: Required value']);
    expect(messages(validateEndpointSlice(slice({ addressType: 'IP' })))).toEqual([
      'addressType: Unsupported value: "IP": supported values: "FQDN", "IPv4", "IPv6"',
    ]);
    const old = { ...slice({}), metadata: { name: 'web-abcde', namespace: 'default', resourceVersion: '5' } };
    expect(messages(validateEndpointSliceUpdate({ ...old, addressType: 'IPv6' }, old))).toEqual([
      'addressType: Invalid value: "IPv6": field is immutable',
    ]);
  });

  it('checks addresses against the address type, and refuses special ranges', () => {
    const errs = validateEndpointSlice(
      slice({ endpoints: [at('10.0.0.1', 'fd00::1', '127.0.0.1', '169.254.1.1'), { addresses: [] }] }),
    );
    expect(messages(errs)).toEqual([
      'endpoints[0].addresses[1]: Invalid value: "fd00::1": must be a valid IPv4 address',
      'endpoints[0].addresses[2]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
      'endpoints[0].addresses[3]: Invalid value: "169.254.1.1": may not be in the link-local range (169.254.0.0/16, fe80::/10)',
      'endpoints[1].addresses: Required value: must contain at least 1 address',
    ]);
    expect(validateEndpointSlice(slice({ addressType: 'IPv6', endpoints: [at('fd00::1')] }))).toEqual([]);
    expect(messages(validateEndpointSlice(slice({ addressType: 'FQDN', endpoints: [at('localhost')] })))).toEqual([
      'endpoints[0].addresses[0]: Invalid value: "localhost": should be a domain with at least two segments separated by dots',
    ]);
  });

  it('limits endpoints to 1000, addresses to 100 and ports to 100', () => {
    const many = Array.from({ length: 1001 }, (_, i) => at(`10.0.${i >> 8}.${(i & 255) + 1}`));
    expect(messages(validateEndpointSlice(slice({ endpoints: many })))).toEqual([
      'endpoints: Too many: 1001: must have at most 1000 items',
    ]);
    const addresses = Array.from({ length: 101 }, (_, i) => `10.1.0.${i + 1}`);
    expect(messages(validateEndpointSlice(slice({ endpoints: [at(...addresses)] })))).toEqual([
      'endpoints[0].addresses: Too many: 101: must have at most 100 items',
    ]);
    const ports = Array.from({ length: 101 }, (_, i) => ({ name: `p${i}`, port: i + 1 }));
    expect(messages(validateEndpointSlice(slice({ ports })))).toEqual([
      'ports: Too many: 101: must have at most 100 items',
    ]);
  });

  it('checks port names, duplicates, protocols, appProtocol and hostnames', () => {
    const errs = validateEndpointSlice(
      slice({
        endpoints: [{ ...at('10.0.0.1'), hostname: 'Web_0' }],
        ports: [
          { name: 'http', port: 80 },
          { name: 'http', port: 81 },
          { name: 'x', protocol: 'ICMP' },
          { appProtocol: 'a b' },
        ],
      }),
    );
    expect(messages(errs)).toEqual([
      expect.stringMatching(/^endpoints\[0\]\.hostname: Invalid value: "Web_0": a lowercase RFC 1123 label/),
      'ports[1].name: Duplicate value: "http"',
      'ports[2].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"',
      expect.stringMatching(/^ports\[3\]\.appProtocol: Invalid value: "a b": name part must consist of/),
    ]);
  });

  it('counts generations on content changes only, and drops deprecatedTopology on v1 writes', () => {
    const created = ENDPOINT_SLICE_STRATEGY.prepareForCreate(
      slice({ endpoints: [{ ...at('10.0.0.1'), deprecatedTopology: { zone: 'a' } }] }),
    );
    expect(created.metadata?.generation).toBe(1);
    expect(created.endpoints?.[0]?.deprecatedTopology).toBeUndefined();
    const relabelled = { ...created, metadata: { ...created.metadata, labels: { a: 'b' } } };
    expect(ENDPOINT_SLICE_STRATEGY.prepareForUpdate(relabelled, created).metadata?.generation).toBe(1);
    const moved: EndpointSlice = { ...created, endpoints: [at('10.0.0.2')] };
    expect(ENDPOINT_SLICE_STRATEGY.prepareForUpdate(moved, created).metadata?.generation).toBe(2);
  });
});
