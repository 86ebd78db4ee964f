import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from 'node:net';
import { etcdctl, freePort, tempDir } from '@wheelhouse/testing';
import { status, type ServiceError } from '@grpc/grpc-js';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { b, makeClients, startTestStore, unaryCall } from './server/test-client.test-support.js';
import { buildStore, StoreConfigError } from './store.js';

const silent = pino({ level: 'silent' });

describe('buildStore config', () => {
  it('throws at once on bad input, naming the problem', () => {
    const bad: [object, RegExp][] = [
      [{ listenClientUrls: ['https://127.0.0.1:2379'] }, /TLS is not supported yet/],
      [{ listenClientUrls: ['unix:///tmp/s'] }, /scheme must be http/],
      [{ listenClientUrls: ['http://127.0.0.1'] }, /does not have the form "host:port"/],
      [{ listenClientUrls: ['http://127.0.0.1:2379/path'] }, /must not have a path/],
      [{ listenClientUrls: ['not a url'] }, /invalid URL/],
      [{ listenClientUrls: [] }, /at least one listen client URL/],
      [{ advertiseClientUrls: ['https://x:1'] }, /TLS is not supported yet/],
      [{ name: '' }, /name must not be empty/],
      [{ quotaBackendBytes: -1 }, /quotaBackendBytes/],
      [{ autoCompaction: { mode: 'hourly', retention: 1 } }, /autoCompaction\.mode/],
      [{ peerUrls: ['http://x:1'] }, /peerUrls/],
    ];
    for (const [config, message] of bad) {
      expect(() => buildStore(config as never)).toThrow(StoreConfigError);
      expect(() => buildStore(config as never)).toThrow(message);
    }
  });

  it('uses etcd defaults: name "default" and data dir "default.etcd" in the working directory', async () => {
    const dir = await tempDir('wheelhouse-cwd-');
    const cwd = process.cwd();
    process.chdir(dir.path);
    try {
      const store = buildStore({ listenClientUrls: ['http://127.0.0.1:0'], logger: silent });
      const { endpoints } = await store.start();
      const target = endpoints[0]!.replace('http://', '');
      const clients = makeClients(target);
      const list = await unaryCall(clients, 'Cluster', 'MemberList', {});
      expect(list.members[0].name).toBe('default');
      for (const c of Object.values(clients)) c.close();
      await store.stop();
      expect(existsSync(join(dir.path, 'default.etcd'))).toBe(true);
    } finally {
      process.chdir(cwd);
      await dir.cleanup();
    }
  });
});

describe('store lifecycle', () => {
  it('serves every listen URL, keeps data and member IDs across restarts, rejects a second start', async () => {
    const dir = await tempDir('wheelhouse-life-');
    const [p1, p2] = [await freePort(), await freePort()];
    const urls = [`http://127.0.0.1:${p1}`, `http://127.0.0.1:${p2}`];
    try {
      const config = { dataDir: dir.path, listenClientUrls: urls, logger: silent, shutdownGraceMs: 100 };
      const store = buildStore(config);
      expect((await store.start()).endpoints).toEqual(urls);
      await expect(store.start()).rejects.toThrow(/start\(\) called when started/);
      expect((await etcdctl(urls[0]!, ['put', 'k', 'v'])).stdout.trim()).toBe('OK');
      expect((await etcdctl(urls[1]!, ['get', 'k', '--print-value-only'])).stdout.trim()).toBe('v');
      const before = await etcdctl(urls[0]!, ['member', 'list']);
      await Promise.all([store.stop(), store.stop()]);

      const again = buildStore(config);
      await again.start();
      expect((await etcdctl(urls[1]!, ['get', 'k', '--print-value-only'])).stdout.trim()).toBe('v');
      expect((await etcdctl(urls[0]!, ['member', 'list'])).stdout).toBe(before.stdout);
      await again.stop();
    } finally {
      await dir.cleanup();
    }
  });

  it('fails to start on a port in use and releases everything', async () => {
    const s = await startTestStore();
    const dir = await tempDir('wheelhouse-busy-');
    try {
      const other = buildStore({ dataDir: dir.path, listenClientUrls: [s.endpoint], logger: silent });
      await expect(other.start()).rejects.toThrow(/EADDRINUSE/);
      await other.stop();
      const again = buildStore({ dataDir: dir.path, listenClientUrls: ['http://127.0.0.1:0'], logger: silent });
      await again.start();
      await again.stop();
    } finally {
      await s.stop();
      await dir.cleanup();
    }
  });

  it('stops while watch streams are open: the streams end with an error and the port is released', async () => {
    const s = await startTestStore();
    // A client of its own: stop() closes the store's test clients first.
    const own = makeClients(s.target);
    const stream = (own.Watch as any).Watch();
    const ended = new Promise<ServiceError>((resolve) => stream.on('error', resolve));
    stream.write({ create_request: { key: b('k') } });
    await new Promise((resolve) => stream.once('data', resolve));
    await s.stop();
    // Past the shutdown grace the server resets the streams still open.
    expect((await ended).code).toBe(status.CANCELLED);
    for (const c of Object.values(own)) c.close();
    const port = Number(new URL(s.endpoint).port);
    const refused = await new Promise<string>((resolve) => {
      const sock = connect(port, '127.0.0.1', () => {
        sock.destroy();
        resolve('accepted');
      });
      sock.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
    });
    expect(refused).toBe('ECONNREFUSED');
  });
});

describe('HTTP endpoints on the client port', () => {
  it('answers /health, /version, /metrics and 404 like etcd', async () => {
    const s = await startTestStore();
    try {
      const health = await fetch(`${s.endpoint}/health`);
      expect([health.status, await health.json()]).toEqual([200, { health: 'true' }]);
      expect(await (await fetch(`${s.endpoint}/version`)).json()).toEqual({
        etcdserver: '3.4.23',
        etcdcluster: '3.4.0',
      });
      const metrics = await (await fetch(`${s.endpoint}/metrics`)).text();
      expect(metrics).toMatch(/^etcd_server_has_leader 1$/m);
      expect(metrics).toMatch(/^etcd_mvcc_db_total_size_in_bytes \d+$/m);
      expect((await fetch(`${s.endpoint}/nope`)).status).toBe(404);
      expect((await fetch(`${s.endpoint}/health`, { method: 'POST' })).status).toBe(405);
      // gRPC on the same port still works after HTTP/1 traffic
      expect((await s.call('KV', 'Put', { key: b('after-http'), value: b('1') })).header).toBeTruthy();
    } finally {
      await s.stop();
    }
  });

  it('drops garbage and half-open connections without disturbing others', async () => {
    const s = await startTestStore();
    try {
      const port = Number(new URL(s.endpoint).port);
      const send = (bytes: Buffer) =>
        new Promise<void>((resolve) => {
          const sock = connect(port, '127.0.0.1', () => sock.end(bytes));
          sock.on('error', () => resolve());
          sock.on('close', () => resolve());
          sock.resume();
        });
      await send(Buffer.from([0, 1, 2, 3, 255, 254]));
      await send(Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'));
      await send(Buffer.concat([Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'), Buffer.alloc(64, 0xff)]));
      await send(Buffer.from('GET /health HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n'));
      await send(Buffer.from('PR'));
      expect((await s.call('KV', 'Range', { key: b('k') })).count).toBe('0');
    } finally {
      await s.stop();
    }
  });
});
