/** `wheelhouse scale TYPE/NAME --replicas=N`: kubectl scale through the scale subresource (`deployment.apps/web scaled`). */
import { defineCommand } from '@wheelhouse/flags';
import { connectionFlags, withSession } from './connect.js';
import { KubectlError, kubectlErrors } from './errors.js';
import { out } from './io.js';
import { queryOf, resourcePath } from './objects.js';
import { nameOf } from './printing.js';
import { resolveTargets } from './targets.js';
import { dryRunFlag, dryRunOf, dryRunSuffix } from './dry-run.js';

/** See the module comment. */
export const scaleCommand = defineCommand({
  name: 'scale',
  summary: 'Set a new size for a deployment, replica set, replication controller or stateful set (as kubectl scale)',
  flags: {
    ...connectionFlags,
    replicas: { type: 'number', description: 'the new number of replicas', placeholder: 'N' },
    'dry-run': dryRunFlag,
  },
  positionals: [
    { name: 'TYPE[/NAME]', description: 'e.g. deployment/web, or deployment web', required: true },
    { name: 'NAME', description: 'names of objects of that type', variadic: true },
  ],
  run: (f, args) =>
    kubectlErrors(async () => {
      if (f.replicas === undefined || !Number.isInteger(f.replicas) || f.replicas < 0)
        throw new KubectlError('The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0');
      const dryRun = dryRunOf(f['dry-run']);
      await withSession(f, async (s) => {
        for (const t of resolveTargets(await s.discovery(), args)) {
          if (!t.resource.subresources.includes('scale'))
            throw new KubectlError(`cannot scale ${t.resource.resource}: it has no scale subresource`);
          if (t.names.length === 0) throw new KubectlError('resource(s) were provided, but no name was specified');
          for (const name of t.names) {
            const path =
              resourcePath(t.resource, s.namespace, name, 'scale') + queryOf({ dryRun: dryRun ? 'All' : undefined });
            await s.rest.request({
              method: 'PATCH',
              path,
              body: { spec: { replicas: f.replicas } },
              contentType: 'application/merge-patch+json',
            });
            out(`${nameOf(t.resource, name)} scaled${dryRunSuffix(dryRun)}\n`);
          }
        }
      });
    }),
});
