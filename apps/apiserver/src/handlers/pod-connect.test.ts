/**
 * pods/exec, attach and portforward against a fake kubelet: kube-apiserver's refusals, and
 * upgrade requests relayed (the kubelet's refusal echoed, or the switched connection joined).
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pod, startTestServer, type TestServer } from '../harness.test-support.js';
import { rawConnect } from '../http/raw-http.test-support.js';
import { startFakeKubelet, type FakeKubelet } from './fake-kubelet.test-support.js';

let t: TestServer;
let kubelet: FakeKubelet;
let serverStopped = false;

const PODS = '/api/v1/namespaces/default/pods';

function upgradeRequest(path: string, protocol: string): string {
  return `POST ${path} HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: ${protocol}\r\nX-Stream-Protocol-Version: v4.channel.k8s.io\r\nContent-Length: 0\r\n\r\n`;
}

beforeAll(async () => {
  t = await startTestServer();
  kubelet = await startFakeKubelet();
  await t.req('POST', '/api/v1/nodes', { metadata: { name: 'n1' } });
  const status = {
    addresses: [{ type: 'ExternalIP', address: '127.0.0.1' }],
    daemonEndpoints: { kubeletEndpoint: { Port: kubelet.port } },
  };
  await t.req('PATCH', '/api/v1/nodes/n1/status', { status }, { 'content-type': 'application/merge-patch+json' });
  const spec = (containers: string[], nodeName?: string) => ({
    containers: containers.map((name) => ({ name, image: 'nginx' })),
    ...(nodeName ? { nodeName } : {}),
  });
  await t.req('POST', PODS, pod('web', {}, { spec: spec(['c'], 'n1') }));
  await t.req('POST', PODS, pod('two', {}, { spec: spec(['a', 'b'], 'n1') }));
  await t.req('POST', PODS, pod('pending', {}, { spec: spec(['c']) }));
});
afterAll(async () => {
  await kubelet?.stop();
  if (serverStopped) await t.etcd.stop();
  else await t?.stop();
});

describe('pods/exec, attach, portforward', () => {
  it('refuses as kube-apiserver does before reaching a kubelet', async () => {
    expect((await t.req('POST', `${PODS}/nobody/exec?command=ls`)).body).toMatchObject({
      code: 404,
      message: 'pods "nobody" not found',
    });
    expect((await t.req('POST', `${PODS}/pending/exec?command=ls`)).body).toMatchObject({
      code: 400,
      reason: 'BadRequest',
      message: 'pod pending does not have a host assigned',
    });
    expect((await t.req('POST', `${PODS}/pending/portforward?ports=80`)).body.message).toBe(
      'pod pending does not have a host assigned',
    );
    expect((await t.req('GET', `${PODS}/two/attach?stdout=true`)).body.message).toBe(
      'a container name must be specified for pod two, choose one of: [a b]',
    );
    expect((await t.req('DELETE', `${PODS}/web/exec`)).status).toBe(405);
  });

  it("sends kube's query to the kubelet and echoes its refusal of an upgrade as it was sent", async () => {
    const c = rawConnect(t.url);
    await c.write(upgradeRequest(`${PODS}/web/exec?command=ls&command=-l&stdin=false&stdout=true&tty=0`, 'SPDY/3.1'));
    const res = await c.response;
    expect(res.status).toBe(400);
    expect(res.body).toBe('refused');
    expect(kubelet.requests.at(-1)).toBe('/exec/default/web/c?stdout=1&command=ls&command=-l');
    await c.closed;
    const plain = await t.req('POST', `${PODS}/two/exec?container=b&command=sh&stdin=1`);
    expect(plain.status).toBe(400);
    expect(plain.body).toBe('exec is refused by the fake kubelet');
    expect(kubelet.requests.at(-1)).toBe('/exec/default/two/b?stdin=1&command=sh');
  });

  it('joins the two connections when the kubelet switches protocols', async () => {
    const { port } = new URL(t.url);
    const socket = connect(Number(port), '127.0.0.1');
    let received = '';
    socket.on('data', (d: Buffer) => {
      received += d.toString();
      if (received.endsWith('\r\n\r\n')) socket.write('ping');
    });
    socket.write(upgradeRequest(`${PODS}/web/attach?stdout=1`, 'test/echo'));
    const deadline = Date.now() + 10_000;
    while (!received.endsWith('ping') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    socket.destroy();
    expect(received).toMatch(/^HTTP\/1\.1 101 Switching Protocols\r\n/);
    expect(received).toContain('Upgrade: test/echo\r\n');
    expect(received.endsWith('\r\n\r\nping')).toBe(true);
    expect(kubelet.requests.at(-1)).toBe('/attach/default/web/c?stdout=1');
  });

  it('stops with a joined session open and an upgrade the kubelet has not answered, ending both', async () => {
    const { port } = new URL(t.url);
    const session = connect(Number(port), '127.0.0.1');
    let received = '';
    session.on('data', (d: Buffer) => (received += d.toString()));
    const sessionClosed = new Promise((r) => session.on('close', r));
    session.write(upgradeRequest(`${PODS}/web/attach?stdout=1`, 'test/echo'));
    const pending = connect(Number(port), '127.0.0.1');
    const pendingClosed = new Promise((r) => pending.on('close', r));
    pending.on('error', () => undefined);
    session.on('error', () => undefined);
    pending.write(upgradeRequest(`${PODS}/web/exec?command=sh`, 'test/silent'));
    const deadline = Date.now() + 10_000;
    const kubeletHasBoth = () =>
      received.includes('101 Switching Protocols') && kubelet.requests.includes('/exec/default/web/c?command=sh');
    while (!kubeletHasBoth() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(kubeletHasBoth()).toBe(true);
    serverStopped = true;
    await t.server.stop();
    await sessionClosed;
    await pendingClosed;
    // The kubelet's side of both is closed too: its stop waits for every connection it has.
    await kubelet.stop();
  }, 30_000);
});
