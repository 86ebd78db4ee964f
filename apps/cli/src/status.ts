/** `wheelhouse status`: the components and nodes of the `up` running from a data dir, or that it is down. */
import { defineCommand } from '@wheelhouse/flags';
import { clusterPaths, findRunning } from './data-dir.js';
import { dataDirFlag } from './data-dir-flag.js';
import { clusterView } from './cluster-view.js';

/** See the module comment. */
export const statusCommand = defineCommand({
  name: 'status',
  summary: 'Show the components and nodes of the running control plane',
  flags: { 'data-dir': dataDirFlag },
  run: async (flags) => {
    const paths = clusterPaths(flags['data-dir']);
    const running = await findRunning(paths);
    if (!running) {
      process.stdout.write(`The control plane is down (data dir ${paths.dir}); 'wheelhouse up' starts it.\n`);
      return;
    }
    process.stdout.write(`Control plane up (wheelhouse up, pid ${running.pid}); API server ${running.apiserver}\n\n`);
    process.stdout.write(await clusterView(running));
  },
});
