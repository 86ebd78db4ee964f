import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '@wheelhouse/testing';
import { describe, expect, it } from 'vitest';
import { COMPONENT_NODE_FLAGS, SCHED_POLICY_ENV, launchComponent, schedulingPrefix } from './node-flags.js';

/** Linux's number for SCHED_BATCH (field 41, `policy`, of /proc/PID/stat). */
const SCHED_BATCH = 3;

/** A script printing the scheduling policy of each of its threads (a worker thread started first). */
const POLICIES_SCRIPT = `
import { readdirSync, readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
const w = new Worker('setInterval(() => {}, 1000)', { eval: true });
await new Promise((r) => w.once('online', r));
const policy = (task) => Number(readFileSync('/proc/self/task/' + task + '/stat', 'utf8').split(') ')[1].split(' ')[38]);
console.log(JSON.stringify({ args: process.argv.slice(2), policies: readdirSync('/proc/self/task').map(policy) }));
process.exit(0);
`;

describe.runIf(process.platform === 'linux')('the components of a plane on Linux', () => {
  it('run under SCHED_BATCH (chrt), every thread of them, with the Node flags and their own arguments', async () => {
    expect(schedulingPrefix({})).toEqual(['chrt', '--batch', '0']);
    const dir = await tempDir('launch-test');
    try {
      const script = join(dir.path, 'policies.mjs');
      writeFileSync(script, POLICIES_SCRIPT);
      const launch = launchComponent(['apiserver', '--port', '1'], COMPONENT_NODE_FLAGS, script);
      const out = JSON.parse(execFileSync(launch.command, launch.args, { encoding: 'utf8' })) as {
        args: string[];
        policies: number[];
      };
      expect(out.args).toEqual(['apiserver', '--port', '1']);
      expect(out.policies.length).toBeGreaterThan(2);
      expect(new Set(out.policies)).toEqual(new Set([SCHED_BATCH]));
    } finally {
      await dir.cleanup();
    }
  });
});

describe(SCHED_POLICY_ENV, () => {
  it('set to "other" launches Node itself, under the default policy', () => {
    expect(schedulingPrefix({ [SCHED_POLICY_ENV]: 'other' })).toEqual([]);
  });

  it('refuses any other value, naming the variable and what it takes', () => {
    expect(() => schedulingPrefix({ [SCHED_POLICY_ENV]: 'fifo' })).toThrow(
      'WHEELHOUSE_SCHED_POLICY must be "batch" or "other", not "fifo"',
    );
  });
});
