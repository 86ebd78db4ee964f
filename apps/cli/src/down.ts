/** `wheelhouse down`: stops the `up` running from a data dir, which stops its components in order. */
import { defineCommand } from '@wheelhouse/flags';
import { alive, clusterPaths, findRunning } from './data-dir.js';
import { dataDirFlag } from './data-dir-flag.js';

/** How long `down` waits for `up` to finish stopping. */
const DOWN_WAIT_MS = 120_000;

/** See the module comment. Prints one line; a data dir with nothing running is not an error. */
export const downCommand = defineCommand({
  name: 'down',
  summary: 'Stop the control plane started by wheelhouse up (its data stays)',
  flags: { 'data-dir': dataDirFlag },
  run: async (flags) => {
    const paths = clusterPaths(flags['data-dir']);
    const running = await findRunning(paths);
    if (!running) {
      process.stdout.write(`The control plane is not running (data dir ${paths.dir}).\n`);
      return;
    }
    process.kill(running.pid, 'SIGTERM');
    const deadline = Date.now() + DOWN_WAIT_MS;
    while (alive(running.pid)) {
      if (Date.now() > deadline) throw new Error(`wheelhouse up (pid ${running.pid}) has not stopped after 120 s`);
      await new Promise((r) => setTimeout(r, 100));
    }
    process.stdout.write(`Stopped the control plane; its data stays in ${paths.dir} ('wheelhouse up' resumes it).\n`);
  },
});
