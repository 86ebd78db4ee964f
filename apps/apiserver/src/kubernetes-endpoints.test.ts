/**
 * The `kubernetes` Service's Endpoints and EndpointSlice, which kube-apiserver keeps itself:
 * the advertised address and port as `https` from the start, and the new port after a
 * restart on another one; how the address is chosen when none is given.
 */
import type { NetworkInterfaceInfo } from 'node:os';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApiServer, type ApiServer } from './apiserver.js';
import { advertiseAddress, hostAddress, type HostNetwork } from './http/advertise-address.js';
import { startTestServer, type TestServer } from './harness.test-support.js';

const ADDRESS = '10.1.2.3';
let t: TestServer;
let second: ApiServer | undefined;

beforeAll(async () => {
  t = await startTestServer({ advertiseAddress: ADDRESS });
});
afterAll(async () => {
  await second?.stop();
  await t?.stop();
});

const EP = '/api/v1/namespaces/default/endpoints/kubernetes';
const SLICE = '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices/kubernetes';

describe('advertiseAddress', () => {
  it('is the bind address, unless that is unspecified or loopback: then an external one of the host, if any', () => {
    expect(advertiseAddress('10.1.2.3')).toBe('10.1.2.3');
    expect(advertiseAddress('[fd00::1]')).toBe('fd00::1');
    const external = advertiseAddress('0.0.0.0');
    expect(external === undefined || !external.startsWith('127.')).toBe(true);
    expect(advertiseAddress('127.0.0.1')).toBe(external);
    // IPv6 loopback and unspecified: an external IPv6 address first (kube's preferIPv6), else IPv4.
    expect(advertiseAddress('::1')).toBe(advertiseAddress('::'));
    expect(advertiseAddress('::') === undefined).toBe(external === undefined);
  });
});

describe("hostAddress (kube's chooseHostInterface)", () => {
  const iface = (address: string, internal = false): NetworkInterfaceInfo => {
    const common = { address, internal, netmask: '', mac: '', cidr: null };
    return address.includes(':') ? { ...common, family: 'IPv6', scopeid: 0 } : { ...common, family: 'IPv4' };
  };
  const interfaces = {
    lo: [iface('127.0.0.1', true), iface('::1', true)],
    docker0: [iface('172.17.0.1')],
    eth0: [iface('fe80::1'), iface('192.0.2.2'), iface('fd00::2')],
  };
  const ipv4Routes =
    'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n' +
    'docker0\t000011AC\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0\n' +
    'eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0\n';
  const zero = '0'.repeat(32);
  const ipv6Routes =
    `${zero} 00 ${zero} 00 fd000000000000000000000000000001 00000400 00000002 00000000 00000003 eth0\n` +
    `${zero} 00 ${zero} 00 ${zero} ffffffff 00000001 00000000 00200200 lo\n`;
  const host: HostNetwork = { interfaces, ipv4Routes, ipv6Routes };

  it("takes the global unicast address of the default route's interface, of the preferred family first", () => {
    expect(hostAddress(host, ['IPv4', 'IPv6'])).toBe('192.0.2.2');
    expect(hostAddress(host, ['IPv6', 'IPv4'])).toBe('fd00::2');
  });

  it('finds none without a default route, and reads every interface where there is no routing table', () => {
    expect(
      hostAddress({ interfaces, ipv4Routes: ipv4Routes.split('\n').slice(0, 2).join('\n'), ipv6Routes: '' }, [
        'IPv4',
        'IPv6',
      ]),
    ).toBeUndefined();
    expect(hostAddress({ interfaces, ipv4Routes: undefined, ipv6Routes: undefined }, ['IPv4', 'IPv6'])).toBe(
      '172.17.0.1',
    );
    expect(
      hostAddress({ interfaces: { lo: interfaces.lo }, ipv4Routes: undefined, ipv6Routes: undefined }, ['IPv6']),
    ).toBeUndefined();
  });
});

describe('the kubernetes Service endpoints', () => {
  it('list the server as https in Endpoints and an EndpointSlice, and follow it to a new port', async () => {
    const port = Number(new URL(t.url).port);
    const ep = (await t.req('GET', EP)).body;
    expect(ep.metadata.labels).toEqual({ 'endpointslice.kubernetes.io/skip-mirror': 'true' });
    expect(ep.subsets).toEqual([{ addresses: [{ ip: ADDRESS }], ports: [{ name: 'https', port, protocol: 'TCP' }] }]);
    const slice = (await t.req('GET', SLICE)).body;
    expect(slice).toMatchObject({
      metadata: { labels: { 'kubernetes.io/service-name': 'kubernetes' } },
      addressType: 'IPv4',
      endpoints: [{ addresses: [ADDRESS], conditions: { ready: true } }],
      ports: [{ name: 'https', port, protocol: 'TCP' }],
    });

    // Labels the server owns come back; the Endpoints keep others beside theirs.
    const MERGE = { 'content-type': 'application/merge-patch+json' };
    const labels = { 'endpointslice.kubernetes.io/skip-mirror': null, team: 'infra' };
    expect((await t.req('PATCH', EP, { metadata: { labels } }, MERGE)).status).toBe(200);
    expect((await t.req('PATCH', SLICE, { metadata: { labels: { team: 'infra' } } }, MERGE)).status).toBe(200);

    await t.server.stop();
    const config = { etcdServers: [t.etcd.endpoint], port: 0, advertiseAddress: ADDRESS };
    second = buildApiServer({ ...config, logger: pino({ level: 'silent' }) });
    const url = await second.start();
    const moved = Number(new URL(url).port);
    expect(moved).not.toBe(port);
    const get = async (path: string): Promise<any> => (await fetch(url + path)).json();
    expect((await get(EP)).subsets[0].ports).toEqual([{ name: 'https', port: moved, protocol: 'TCP' }]);
    expect((await get(SLICE)).ports).toEqual([{ name: 'https', port: moved, protocol: 'TCP' }]);
    expect((await get(SLICE)).metadata.uid).toBe(slice.metadata.uid);
    expect((await get(EP)).metadata.labels).toEqual({
      team: 'infra',
      'endpointslice.kubernetes.io/skip-mirror': 'true',
    });
    expect((await get(SLICE)).metadata.labels).toEqual({ 'kubernetes.io/service-name': 'kubernetes' });
  });
});
