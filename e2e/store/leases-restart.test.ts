/**
 * Leases across a restart of the server under test (WHEELHOUSE_E2E_PEER, default our
 * store): a lease and its key survive; like etcd, the restarted server gives every
 * lease its full granted TTL again (etcd adds about one election timeout on top);
 * once that runs out the key is deleted. Times are bounded from when the restarted server
 * was launched (its lease clock cannot start earlier), so a slow machine cannot fail them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { etcdctl, tempDir, type EtcdServer, type TempDir } from '@wheelhouse/testing';
import { PEER, startPeer } from './support/peer.js';

const TTL = 8;
/** How long to let the lease run down before the restart: far enough that a TTL carried over would be visible. */
const BEFORE_RESTART_MS = 3_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Seconds remaining of lease `id` as `lease timetolive` prints them, or undefined when expired/unknown. */
async function remaining(endpoint: string, id: string): Promise<number | undefined> {
  const out = (await etcdctl(endpoint, ['lease', 'timetolive', id])).stdout;
  const m = new RegExp(`^lease ${id} granted with TTL\\(${TTL}s\\), remaining\\((\\d+)s\\)$`, 'm').exec(out);
  return m ? Number(m[1]) : undefined;
}

describe(`${PEER}: leases survive a restart`, () => {
  let dir: TempDir;
  let server: EtcdServer | undefined;
  let leaseId: string;
  /** When the restarted server was launched: its leases' TTLs cannot have started before. */
  let launchedAt: number;

  beforeAll(async () => {
    dir = await tempDir(`leases-${PEER}-`);
  });

  afterAll(async () => {
    await server?.stop();
    await dir.cleanup();
  });

  it(`a ${TTL}s lease with a key, ${BEFORE_RESTART_MS / 1000}s into its TTL, outlives a restart`, async () => {
    server = await startPeer({ dataDir: dir.path });
    const grant = await etcdctl(server.endpoint, ['lease', 'grant', String(TTL)]);
    leaseId = new RegExp(`^lease ([0-9a-f]{16}) granted with TTL\\(${TTL}s\\)$`, 'm').exec(grant.stdout)?.[1] ?? '';
    expect(leaseId, grant.stdout + grant.stderr).not.toBe('');
    expect((await etcdctl(server.endpoint, ['put', '/lr/k', 'v', '--lease', leaseId])).stdout).toBe('OK\n');
    await sleep(BEFORE_RESTART_MS);
    expect(await remaining(server.endpoint, leaseId)).toBeLessThanOrEqual(TTL - BEFORE_RESTART_MS / 1000);

    await server.stop();
    launchedAt = Date.now();
    server = await startPeer({ dataDir: dir.path });
    expect((await etcdctl(server.endpoint, ['get', '/lr/k'])).stdout).toBe('/lr/k\nv\n');
    expect((await etcdctl(server.endpoint, ['lease', 'list'])).stdout).toBe(`found 1 leases\n${leaseId}\n`);
    expect(await etcdctl(server.endpoint, ['lease', 'timetolive', leaseId, '--keys'])).toMatchObject({
      stdout: expect.stringMatching(
        new RegExp(
          `^lease ${leaseId} granted with TTL\\(${TTL}s\\), remaining\\(\\d+s\\), attached keys\\(\\[/lr/k\\]\\)\\n$`,
        ),
      ),
    });
  });

  it('after the restart the lease runs for its full granted TTL again', async () => {
    const left = await remaining(server!.endpoint, leaseId);
    const sinceLaunch = Math.ceil((Date.now() - launchedAt) / 1000);
    // At least the full TTL less the time since launch (a TTL carried over from before the
    // restart would be 3 s shorter still); at most etcd's extra election timeout above it.
    expect(left).toBeGreaterThanOrEqual(TTL - sinceLaunch);
    expect(left).toBeLessThanOrEqual(TTL + 2);
  });

  it('when the restarted TTL runs out, the key is deleted', async () => {
    const endpoint = server!.endpoint;
    let goneAfterMs: number | undefined;
    // A generous bound only so that a broken server fails the test instead of hanging it.
    while (Date.now() - launchedAt < (TTL + 60) * 1000) {
      if ((await etcdctl(endpoint, ['get', '/lr/k'])).stdout === '') {
        goneAfterMs = Date.now() - launchedAt;
        break;
      }
      await sleep(200);
    }
    expect(goneAfterMs, 'the key was still there a minute after its TTL').toBeDefined();
    // Not before a full TTL from launch: the restarted TTL, not the one left before the stop.
    expect(goneAfterMs).toBeGreaterThanOrEqual(TTL * 1000);
    expect((await etcdctl(endpoint, ['lease', 'timetolive', leaseId])).stdout).toBe(
      `lease ${leaseId} already expired\n`,
    );
    expect((await etcdctl(endpoint, ['lease', 'list'])).stdout).toBe('found 0 leases\n');
  });
});
