import { join } from 'node:path';
import { runCommand, type AnyCommand, type Io } from '@wheelhouse/flags';
import { etcdctl, startWheelhouseStore, tempDir } from '@wheelhouse/testing';
import { describe, expect, it } from 'vitest';
import { b, startTestStore } from './server/test-client.test-support.js';
import { parseAutoCompaction, storeCommand } from './main.js';

/** The `wheelhouse` root as far as the store is concerned. */
const root: AnyCommand = { name: 'wheelhouse', summary: '', flags: {}, subcommands: [storeCommand] };

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = { out: (t) => (out += t), err: (t) => (err += t) };
  const code = await runCommand(root, argv, io);
  return { code, out, err };
}

describe('auto compaction flags (etcd parseCompactionRetention)', () => {
  it('reads a bare number as hours (periodic) or revisions (revision), durations as periodic, 0 as off', () => {
    expect(parseAutoCompaction('periodic', '1')).toEqual({ mode: 'periodic', retention: 3_600_000 });
    expect(parseAutoCompaction('periodic', '30m')).toEqual({ mode: 'periodic', retention: 1_800_000 });
    expect(parseAutoCompaction('periodic', '1h30m')).toEqual({ mode: 'periodic', retention: 5_400_000 });
    expect(parseAutoCompaction('periodic', '1.5h')).toEqual({ mode: 'periodic', retention: 5_400_000 });
    expect(parseAutoCompaction('revision', '1000')).toEqual({ mode: 'revision', retention: 1000 });
    expect(parseAutoCompaction('periodic', '0')).toBeUndefined();
    expect(parseAutoCompaction('revision', '0')).toBeUndefined();
    expect(() => parseAutoCompaction('revision', '1h')).toThrow(/revision mode needs a number/);
    expect(() => parseAutoCompaction('periodic', 'soon')).toThrow(/time: invalid duration "soon"/);
    expect(() => parseAutoCompaction('hourly', '1')).toThrow(/unknown auto-compaction-mode/);
  });
});

describe('wheelhouse store command line', () => {
  it('rejects unsupported etcd flags and bad values before starting anything', async () => {
    const peer = await run(['store', '--listen-peer-urls', 'http://127.0.0.1:2380']);
    expect([peer.code, peer.err]).toEqual([2, "Error: unknown flag: --listen-peer-urls (see 'store --help')\n"]);
    const mode = await run(['store', '--auto-compaction-mode', 'hourly']);
    expect(mode.code).toBe(2);
    expect(mode.err).toMatch(/must be one of periodic, revision/);
    const level = await run(['store', '--log-level', 'chatty']);
    expect(level.code).toBe(2);
    const tls = await run(['store', '--listen-client-urls', 'https://127.0.0.1:0', '--log-level', 'error']);
    expect([tls.code, tls.err]).toEqual([
      1,
      'Error: --listen-client-urls: https://127.0.0.1:0: TLS is not supported yet\n',
    ]);
  });

  it('prints help naming etcd flags', async () => {
    const help = await run(['store', '--help']);
    expect(help.code).toBe(0);
    for (const flag of [
      '--name',
      '--data-dir',
      '--listen-client-urls',
      '--advertise-client-urls',
      '--quota-backend-bytes',
      '--auto-compaction-mode',
      '--auto-compaction-retention',
      '--log-level',
    ]) {
      expect(help.out).toContain(flag);
    }
  });

  it('saves and restores snapshots via the snapshot subcommands', async () => {
    const s = await startTestStore();
    const dir = await tempDir('wheelhouse-cli-snap-');
    try {
      await s.call('KV', 'Put', { key: b('cli/k'), value: b('v') });
      const file = join(dir.path, 'snap.db');
      const save = await run(['store', 'snapshot', 'save', file, '--endpoints', s.endpoint]);
      expect(save.code).toBe(0);
      const dataDir = join(dir.path, 'data');
      const restore = await run(['store', 'snapshot', 'restore', file, '--data-dir', dataDir]);
      expect([restore.code, restore.err]).toEqual([0, '']);
      const again = await run(['store', 'snapshot', 'restore', file, '--data-dir', dataDir]);
      expect([again.code, again.err]).toEqual([1, `Error: data-dir "${dataDir}" exists\n`]);
      const missing = await run(['store', 'snapshot', 'save']);
      expect(missing.code).toBe(2);
      const restored = await startTestStore({ dataDir });
      try {
        expect((await restored.call('KV', 'Range', { key: b('cli/k') })).kvs[0].value).toEqual(b('v'));
      } finally {
        await restored.stop();
      }
    } finally {
      await s.stop();
      await dir.cleanup();
    }
  });
});

describe('wheelhouse store as a process', () => {
  it('logs "ready to serve client requests", serves etcdctl, and exits cleanly on SIGTERM', async () => {
    const server = await startWheelhouseStore({ flags: ['--name', 'proc', '--log-level', 'info'] });
    try {
      expect(server.process.output()).toContain('ready to serve client requests');
      expect((await etcdctl(server.endpoint, ['put', 'p', '1'])).stdout.trim()).toBe('OK');
      expect((await etcdctl(server.endpoint, ['member', 'list'])).stdout).toContain(
        ', started, proc, http://localhost:2380, ',
      );
    } finally {
      await server.stop();
    }
    expect(server.process.child.exitCode).toBe(0);
  });
});
