import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import yaml from 'js-yaml';
import { kubectlHome, type Kubectl } from '@wheelhouse/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKubeconfig } from './kubeconfig.js';

// Differential test: the real kubectl (on every machine of this project) is the oracle for
// how KUBECONFIG lists merge and which context, cluster and namespace are chosen.

let kubectl: Kubectl;
let dir: string;
beforeAll(async () => {
  kubectl = await kubectlHome();
  dir = kubectl.home;
});
afterAll(async () => {
  await kubectl?.cleanup();
});

interface Minified {
  'current-context': string;
  clusters: { name: string; cluster: { server?: string } }[] | null;
  contexts: { name: string; context: { cluster: string; namespace?: string } }[] | null;
}

/** kubectl's view of the merged config, or undefined when kubectl refuses it. */
async function kubectlView(env: Record<string, string>): Promise<Minified | undefined> {
  const r = await kubectl.exec(['config', 'view', '--minify', '-o', 'json'], { env });
  return r.code === 0 ? (JSON.parse(r.stdout) as Minified) : undefined;
}

const name = fc.constantFrom('a', 'b', 'c');
const fileArb = fc.record(
  {
    clusters: fc.uniqueArray(
      fc.record({ name, cluster: fc.record({ server: fc.constantFrom('https://s1', 'https://s2', 'https://s3') }) }),
      {
        selector: (e) => e.name,
        maxLength: 3,
      },
    ),
    contexts: fc.uniqueArray(
      fc.record({
        name,
        context: fc.record({ cluster: name, namespace: fc.constantFrom('n1', 'n2') }, { requiredKeys: ['cluster'] }),
      }),
      { selector: (e) => e.name, maxLength: 3 },
    ),
    'current-context': name,
  },
  { requiredKeys: ['clusters', 'contexts'] },
);

describe('kubeconfig merging agrees with kubectl', () => {
  it('picks the same context, server and namespace from random KUBECONFIG lists', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fileArb, { minLength: 1, maxLength: 3 }), async (files) => {
        const paths = await Promise.all(
          files.map(async (f, i) => {
            const p = join(dir, `r${run}-${i}.yaml`);
            await writeFile(p, yaml.dump(f));
            return p;
          }),
        );
        run++;
        const env = { KUBECONFIG: paths.join(':'), HOME: dir };
        const theirs = await kubectlView(env);
        const ours = await loadKubeconfig({ env }).catch(() => undefined);
        const ctx = theirs?.contexts?.[0];
        const server = theirs?.clusters?.find((c) => c.name === ctx?.context.cluster)?.cluster.server;
        if (!theirs || !ctx || !server) {
          expect(ours).toBeUndefined();
          return;
        }
        expect(ours).toBeDefined();
        expect([ours?.contextName, ours?.server, ours?.namespace]).toEqual([
          theirs['current-context'],
          server,
          ctx.context.namespace ?? 'default',
        ]);
      }),
      { numRuns: 40 },
    );
  });
});
