/**
 * Events per second one informer absorbs end to end: the informer (in this process) follows
 * the bench pods while driver processes patch them through the API server; each patch carries
 * its send time, so each delivery's lag runs from the driver's send to the handler.
 */
import { spawn } from 'node:child_process';
import { type IncomingMessage, get } from 'node:http';
import { resolve } from 'node:path';
import { Writable } from 'node:stream';
import { Informer, RestClient, restListerWatcher } from '@wheelhouse/client';
import { REPO_ROOT } from '@wheelhouse/testing';
import { pino } from 'pino';
import { percentile } from '../store/stats.js';
import type { DriverFigures } from './driver.js';
import { NS } from './pods.js';

/** What the absorption run measured. */
export interface AbsorbFigures {
  patches: number;
  delivered: number;
  /** Delivered events/s between the first and the last delivery. */
  perSecond: number;
  /** Send-to-handler delays (ms). */
  lags: number[];
  /** Send-to-receipt delays (ms) of a bare HTTP watch read beside the informer (no client library). */
  rawLags: number[];
  /** CPU of this process (the informer) over the run, % of one core. */
  cpuPercent: number;
  /** The drivers' own patch latencies (ms), median over drivers of their p50 and p99. */
  patchP50: number;
  patchP99: number;
  /** The informer's log messages (warn and above, plus relists) by message, e.g. watch restarts. */
  incidents: Record<string, number>;
}

/** A pino logger that counts messages at info and above other than the routine sync ones. */
function countingLogger(): { logger: pino.Logger; counts: Record<string, number> } {
  const counts: Record<string, number> = {};
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      const { msg } = JSON.parse(chunk.toString()) as { msg: string };
      if (msg !== 'cache synced') counts[msg] = (counts[msg] ?? 0) + 1;
      cb();
    },
  });
  return { logger: pino({ level: 'info' }, stream), counts };
}

/** Runs `tsx client/<script> args` from bench/ and resolves its last stdout line as JSON. */
export function runScript<T>(script: string, args: string[], nodeArgs: string[] = []): Promise<T> {
  return new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      [...nodeArgs, '--import', 'tsx', resolve(REPO_ROOT, 'bench/client', script), ...args],
      { cwd: resolve(REPO_ROOT, 'bench'), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => {
      if (code !== 0) return fail(new Error(`${script} exited with ${code}`));
      done(JSON.parse(out.trim().split('\n').pop() ?? '{}') as T);
    });
  });
}

const SENT = /"bench\/sent":"(\d+)\//;

/** A bare node:http watch from `resourceVersion`, recording each patch's send-to-receipt delay in `lags`. */
function rawWatch(server: string, resourceVersion: string, lags: number[]): Promise<IncomingMessage> {
  const url = `${server}/api/v1/namespaces/${NS}/pods?watch=1&resourceVersion=${resourceVersion}`;
  return new Promise((done, fail) => {
    get(url, (res) => {
      let pending = '';
      res.setEncoding('utf8').on('data', (text: string) => {
        const lines = (pending + text).split('\n');
        pending = lines.pop() ?? '';
        const now = Date.now();
        for (const line of lines) {
          const m = SENT.exec(line);
          if (m) lags.push(now - Number(m[1]));
        }
      });
      done(res);
    }).on('error', fail);
  });
}

/** Syncs an informer on the bench pods, then lets `drivers` processes patch them for `seconds`. */
export async function absorb(
  server: string,
  pods: number,
  drivers: number,
  seconds: number,
  inFlight: number,
): Promise<AbsorbFigures> {
  const client = new RestClient({ server });
  const { logger, counts } = countingLogger();
  const informer = new Informer({
    name: 'pods',
    listerWatcher: restListerWatcher(client, 'pods', { namespace: NS }),
    logger,
  });
  const lags: number[] = [];
  let first = 0;
  let last = 0;
  informer.addEventHandler({
    onUpdate: (_old, obj) => {
      const sent = obj.metadata.annotations?.['bench/sent'];
      if (sent === undefined) return;
      last = performance.now();
      first ||= last;
      lags.push(Date.now() - Number(sent.split('/')[0]));
    },
  });
  const ac = new AbortController();
  const run = informer.run(ac.signal);
  await informer.waitForSync();
  const rawLags: number[] = [];
  const raw = await rawWatch(server, informer.lastSyncResourceVersion(), rawLags);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const results = await Promise.all(
    Array.from({ length: drivers }, (_, i) =>
      runScript<DriverFigures>('driver.ts', [server, String(pods), String(seconds), String(inFlight), String(i + 1)]),
    ),
  );
  const patches = results.reduce((n, r) => n + r.patches, 0);
  const deadline = performance.now() + 30_000;
  while (lags.length < patches && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const cpu = process.cpuUsage(cpu0);
  const wall = performance.now() - t0;
  ac.abort();
  raw.destroy();
  await run;
  client.close();
  return {
    rawLags,
    patches,
    delivered: lags.length,
    perSecond: (lags.length / (last - first)) * 1000,
    lags,
    cpuPercent: (100 * (cpu.user + cpu.system)) / 1000 / wall,
    patchP50: percentile(
      results.map((r) => r.p50),
      50,
    ),
    patchP99: percentile(
      results.map((r) => r.p99),
      50,
    ),
    incidents: counts,
  };
}
