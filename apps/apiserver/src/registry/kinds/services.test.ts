import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../harness.test-support.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t?.stop();
});

const SVCS = '/api/v1/namespaces/default/services';
const MERGE = { 'content-type': 'application/merge-patch+json' };
type Port = { name?: string; port: number; protocol?: string; nodePort?: number };
const svc = (name: string, spec: Record<string, unknown>) => ({
  metadata: { name },
  spec: { selector: { app: name }, ports: [{ port: 80 }], ...spec },
});
const nodePorts = (body: { spec: { ports: Port[] } }) => body.spec.ports.map((p) => p.nodePort);
const inRange = (p: number | undefined) => p !== undefined && p >= 30000 && p <= 32767;

describe('Service node ports', () => {
  it('gives each port of a LoadBalancer its own node port, and a health check node port for Local traffic', async () => {
    const res = await t.req(
      'POST',
      SVCS,
      svc('lb', {
        type: 'LoadBalancer',
        externalTrafficPolicy: 'Local',
        ports: [
          { name: 'http', port: 80 },
          { name: 'https', port: 443 },
        ],
      }),
    );
    expect(res.status).toBe(201);
    const ports = [...nodePorts(res.body), res.body.spec.healthCheckNodePort];
    expect(ports.every(inRange)).toBe(true);
    expect(new Set(ports).size).toBe(3);
  });

  it('shares one node port between the protocols of one port number, and names the requested one', async () => {
    const dns = (
      await t.req(
        'POST',
        SVCS,
        svc('dns', {
          type: 'NodePort',
          ports: [
            { name: 'udp', port: 53, protocol: 'UDP' },
            { name: 'tcp', port: 53, protocol: 'TCP', nodePort: 30053 },
          ],
        }),
      )
    ).body;
    expect(nodePorts(dns)).toEqual([30053, 30053]);
  });

  it('refuses a node port outside the range or taken by another Service', async () => {
    const outside = await t.req('POST', SVCS, svc('low', { type: 'NodePort', ports: [{ port: 80, nodePort: 8080 }] }));
    expect(outside.status).toBe(422);
    expect(outside.body.message).toBe(
      'Service "low" is invalid: spec.ports[0].nodePort: Invalid value: 8080: provided port is not in the valid range. The range of valid ports is 30000-32767',
    );
    const taken = await t.req('POST', SVCS, svc('taken', { type: 'NodePort', ports: [{ port: 80, nodePort: 30053 }] }));
    expect(taken.status).toBe(422);
    expect(taken.body.message).toBe(
      'Service "taken" is invalid: spec.ports[0].nodePort: Invalid value: 30053: provided port is already allocated',
    );
  });

  it('allocates node ports when a ClusterIP Service becomes NodePort, and frees them when it changes back', async () => {
    const created = (await t.req('POST', SVCS, svc('flip', {}))).body;
    expect(created.spec.ports[0].nodePort).toBeUndefined();
    const np = await t.req('PATCH', `${SVCS}/flip`, { spec: { type: 'NodePort' } }, MERGE);
    expect(np.status).toBe(200);
    const port = np.body.spec.ports[0].nodePort;
    expect(inRange(port)).toBe(true);
    expect(np.body.spec.externalTrafficPolicy).toBe('Cluster');
    expect(np.body.spec.clusterIP).toBe(created.spec.clusterIP);

    const back = await t.req('PATCH', `${SVCS}/flip`, { spec: { type: 'ClusterIP' } }, MERGE);
    expect(back.status).toBe(200);
    expect(back.body.spec.ports[0].nodePort).toBeUndefined();
    expect(back.body.spec.externalTrafficPolicy).toBeUndefined();
    // The freed port can be had by name.
    const reuse = await t.req('POST', SVCS, svc('reuse', { type: 'NodePort', ports: [{ port: 80, nodePort: port }] }));
    expect(reuse.status).toBe(201);
  });

  it('keeps node ports a PUT leaves out, and allocates one for an added port', async () => {
    const created = (await t.req('POST', SVCS, svc('grow', { type: 'NodePort', ports: [{ name: 'http', port: 80 }] })))
      .body;
    const kept = nodePorts(created)[0];
    const put = await t.req('PUT', `${SVCS}/grow`, {
      ...created,
      spec: {
        ...created.spec,
        ports: [
          { name: 'http', port: 80 },
          { name: 'admin', port: 9000 },
        ],
      },
    });
    expect(put.status).toBe(200);
    expect(nodePorts(put.body)[0]).toBe(kept);
    expect(inRange(nodePorts(put.body)[1])).toBe(true);
    expect(nodePorts(put.body)[1]).not.toBe(kept);
  });
});
