/**
 * `wheelhouse cordon NODE` / `uncordon NODE`: marks a node (un)schedulable as kubectl does
 * (`node/node-1 cordoned`, `node/node-1 already cordoned`).
 */
import type { RestClient } from '@wheelhouse/client';
import { defineCommand } from '@wheelhouse/flags';
import { connectionFlags, withSession } from './connect.js';
import type { Discovery } from './discovery.js';
import { kubectlErrors } from './errors.js';
import { out } from './io.js';
import { getObject, resourcePath, type KubeObject } from './objects.js';
import { dryRunFlag, dryRunOf, dryRunSuffix } from './dry-run.js';

/** Sets a node's spec.unschedulable; resolves the line kubectl prints. */
export async function setUnschedulable(
  rest: RestClient,
  discovery: Discovery,
  name: string,
  cordon: boolean,
  dryRun = false,
): Promise<string> {
  const [nodes] = discovery.resolve('nodes');
  const node = await getObject<KubeObject & { spec?: { unschedulable?: boolean } }>(rest, nodes!, '', name);
  const verb = cordon ? 'cordoned' : 'uncordoned';
  if (Boolean(node.spec?.unschedulable) === cordon) return `node/${name} already ${verb}\n`;
  await rest.request({
    method: 'PATCH',
    path: resourcePath(nodes!, '', name) + (dryRun ? '?dryRun=All' : ''),
    body: { spec: { unschedulable: cordon ? true : null } },
    contentType: 'application/strategic-merge-patch+json',
  });
  return `node/${name} ${verb}${dryRunSuffix(dryRun)}\n`;
}

function nodeCommand(name: 'cordon' | 'uncordon', summary: string) {
  return defineCommand({
    name,
    summary,
    flags: { ...connectionFlags, 'dry-run': dryRunFlag },
    positionals: [{ name: 'NODE', description: 'the node, e.g. node-1', required: true }],
    run: (f, [node]) =>
      kubectlErrors(async () => {
        const dryRun = dryRunOf(f['dry-run']);
        await withSession(f, async (s) =>
          out(await setUnschedulable(s.rest, await s.discovery(), node!, name === 'cordon', dryRun)),
        );
      }),
  });
}

/** `wheelhouse cordon NODE`. */
export const cordonCommand = nodeCommand('cordon', 'Mark a node as unschedulable (as kubectl cordon)');
/** `wheelhouse uncordon NODE`. */
export const uncordonCommand = nodeCommand('uncordon', 'Mark a node as schedulable (as kubectl uncordon)');
