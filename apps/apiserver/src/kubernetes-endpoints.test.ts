/**
 * The `kubernetes` Service's Endpoints and EndpointSlice, which kube-apiserver keeps itself:
 * the advertised address and port as `https` from the start, and the new port after a
 * restart on another one; how the address is chosen when none is given; what the server's
 * own controllers put back after start (the Service, its endpoints, the system namespaces).
 */
import type { NetworkInterfaceInfo } from 'node:os';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
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

  it("takes what Go's IsGlobalUnicast takes: not multicast nor the limited broadcast, but class E", () => {
    const odd = { eth0: [iface('224.0.0.5'), iface('255.255.255.255'), iface('240.0.0.1')] };
    expect(hostAddress({ interfaces: odd, ipv4Routes: undefined, ipv6Routes: undefined }, ['IPv4'])).toBe('240.0.0.1');
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

describe('--endpoint-reconciler-type none', () => {
  it('writes no kubernetes Endpoints or EndpointSlice, and still the Service', async () => {
    const n = await startTestServer({ advertiseAddress: ADDRESS, endpointReconcilerType: 'none' });
    try {
      expect((await n.req('GET', EP)).status).toBe(404);
      expect((await n.req('GET', SLICE)).status).toBe(404);
      expect((await n.req('GET', '/api/v1/namespaces/default/services/kubernetes')).status).toBe(200);
    } finally {
      await n.stop();
    }
  });
});

describe("the server's own controllers, after start (kube's kubernetes service and system namespaces controllers)", () => {
  let k: TestServer;
  beforeAll(async () => {
    // kube's intervals are 10 s and 1 min; a test's rounds come every 50 ms.
    k = await startTestServer({
      advertiseAddress: ADDRESS,
      keeperIntervalsMs: { 'kubernetes-service': 50, 'system-namespaces': 50 },
    });
  });
  afterAll(async () => {
    await k?.stop();
  });
  const SVC = '/api/v1/namespaces/default/services/kubernetes';
  const MERGE = { 'content-type': 'application/merge-patch+json' };
  const settled = { timeout: 5000, interval: 25 };

  it('create the kubernetes Service, its Endpoints and EndpointSlice again when they are deleted', async () => {
    const port = Number(new URL(k.url).port);
    const before = (await k.req('GET', SVC)).body;
    // A Service that exists is left as it is: kube does not reconcile it after the first round.
    expect((await k.req('PATCH', SVC, { metadata: { labels: { team: 'infra' } } }, MERGE)).status).toBe(200);
    for (const path of [EP, SLICE]) expect((await k.req('DELETE', path)).status).toBe(200);
    await vi.waitFor(async () => {
      expect((await k.req('GET', EP)).body.subsets).toEqual([
        { addresses: [{ ip: ADDRESS }], ports: [{ name: 'https', port, protocol: 'TCP' }] },
      ]);
      expect((await k.req('GET', SLICE)).body.endpoints).toEqual([
        { addresses: [ADDRESS], conditions: { ready: true } },
      ]);
    }, settled);
    expect((await k.req('GET', SVC)).body.metadata.labels.team).toBe('infra');

    expect((await k.req('DELETE', SVC)).status).toBe(200);
    await vi.waitFor(async () => expect((await k.req('GET', SVC)).status).toBe(200), settled);
    const again = (await k.req('GET', SVC)).body;
    expect(again.metadata.uid).not.toBe(before.metadata.uid);
    expect(again.metadata.labels).toEqual({ component: 'apiserver', provider: 'kubernetes' });
    expect(again.spec).toMatchObject({ clusterIP: before.spec.clusterIP, ports: before.spec.ports });
  });

  it('put the address back in Endpoints someone changed, and replace a slice of the other address family', async () => {
    const wrong = {
      subsets: [{ addresses: [{ ip: '10.9.9.9' }], ports: [{ name: 'https', port: 1, protocol: 'TCP' }] }],
    };
    expect((await k.req('PATCH', EP, wrong, MERGE)).status).toBe(200);
    expect((await k.req('DELETE', SLICE)).status).toBe(200);
    const v6 = {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: 'kubernetes', labels: { 'kubernetes.io/service-name': 'kubernetes' } },
      addressType: 'IPv6',
      endpoints: [{ addresses: ['fd00::1'] }],
      ports: [{ name: 'https', port: 443, protocol: 'TCP' }],
    };
    const created = await k.req('POST', '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices', v6);
    expect(created.status).toBe(201);
    await vi.waitFor(async () => {
      expect((await k.req('GET', EP)).body.subsets[0].addresses).toEqual([{ ip: ADDRESS }]);
      const slice = (await k.req('GET', SLICE)).body;
      expect(slice.addressType).toBe('IPv4');
      expect(slice.endpoints).toEqual([{ addresses: [ADDRESS], conditions: { ready: true } }]);
      expect(slice.metadata.uid).not.toBe(created.body.metadata.uid);
    }, settled);
  });

  it('list every API server whose master lease is alive, and drop one that stops', async () => {
    const OTHER = '10.1.2.4';
    const other = buildApiServer({
      etcdServers: [k.etcd.endpoint],
      port: 0,
      advertiseAddress: OTHER,
      keeperIntervalsMs: { 'kubernetes-service': 50, 'system-namespaces': 50 },
      logger: pino({ level: 'silent' }),
    });
    await other.start();
    try {
      // (Real API servers share one --secure-port; these two do not, so only the addresses are compared.)
      await vi.waitFor(async () => {
        expect((await k.req('GET', EP)).body.subsets[0].addresses).toEqual([{ ip: ADDRESS }, { ip: OTHER }]);
        const slice = (await k.req('GET', SLICE)).body;
        expect(slice.endpoints.map((e: { addresses: string[] }) => e.addresses)).toEqual([[ADDRESS], [OTHER]]);
      }, settled);
    } finally {
      await other.stop();
    }
    // A clean stop takes its master lease away and lists the servers left (a crashed one's lease expires after 15 s).
    expect((await k.req('GET', EP)).body.subsets[0].addresses).toEqual([{ ip: ADDRESS }]);
    expect((await k.req('GET', SLICE)).body.endpoints).toEqual([{ addresses: [ADDRESS], conditions: { ready: true } }]);
  });

  it('create a system namespace again once it is gone, and leave one that is Terminating alone', async () => {
    const NS = '/api/v1/namespaces/kube-node-lease';
    expect((await k.req('DELETE', NS)).status).toBe(200);
    // No namespace controller runs here: it stays Terminating, with its finalizer, as on kube-apiserver alone.
    await new Promise((r) => setTimeout(r, 200));
    const terminating = (await k.req('GET', NS)).body;
    expect(terminating.status.phase).toBe('Terminating');
    const finalized = await k.req('PUT', `${NS}/finalize`, { ...terminating, spec: { finalizers: [] } });
    expect(finalized.status).toBe(200);
    await vi.waitFor(async () => {
      const ns = (await k.req('GET', NS)).body;
      expect(ns.metadata.uid).not.toBe(terminating.metadata.uid);
      expect(ns.status.phase).toBe('Active');
    }, settled);
  });
});
