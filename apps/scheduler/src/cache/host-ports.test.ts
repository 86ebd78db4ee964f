import { describe, expect, it } from 'vitest';
import { HostPortInfo } from './host-ports.js';

describe('HostPortInfo', () => {
  it.each([
    // [used ip, used protocol, wanted ip, wanted protocol, conflicts]
    ['', 'TCP', '127.0.0.1', 'TCP', true], // 0.0.0.0 blocks every ip
    ['127.0.0.1', 'TCP', '', 'TCP', true], // 0.0.0.0 wants every ip
    ['127.0.0.1', 'TCP', '10.0.0.1', 'TCP', false],
    ['127.0.0.1', 'TCP', '127.0.0.1', 'UDP', false],
    ['127.0.0.1', '', '127.0.0.1', 'TCP', true], // empty protocol is TCP
  ])('used %s/%s, wanted %s/%s: conflict %s', (ip, proto, wantIP, wantProto, expected) => {
    const h = new HostPortInfo();
    h.add(ip, proto, 8080);
    expect(h.conflicts(wantIP, wantProto, 8080)).toBe(expected);
    expect(h.conflicts(wantIP, wantProto, 8081)).toBe(false);
  });

  it('ignores port 0 and forgets removed ports', () => {
    const h = new HostPortInfo();
    h.add('', 'TCP', 0);
    expect(h.size).toBe(0);
    h.add('', 'TCP', 80);
    h.remove('0.0.0.0', 'TCP', 80);
    expect(h.conflicts('', 'TCP', 80)).toBe(false);
  });
});
