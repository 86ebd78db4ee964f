import { describe, expect, it } from 'vitest';
import { defaultStatefulSet } from '../defaults/kinds.js';
import type { StatefulSet } from '../schema/apps-v1.js';
import type { PersistentVolumeClaim } from '../schema/core-v1-volume.js';
import { validateStatefulSet, validateStatefulSetUpdate } from './apps.js';
import { formatFieldError } from './field-errors.js';

const claim = (name: string, spec: PersistentVolumeClaim['spec'] = {}): PersistentVolumeClaim => ({
  metadata: { name },
  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...spec },
});

/** A StatefulSet whose container mounts `mounts`, with `claims` as its volumeClaimTemplates. */
const statefulSet = (mounts: string[], claims: PersistentVolumeClaim[]): StatefulSet =>
  defaultStatefulSet({
    metadata: { name: 'db', namespace: 'default' },
    spec: {
      serviceName: 'db',
      selector: { matchLabels: { app: 'db' } },
      template: {
        metadata: { labels: { app: 'db' } },
        spec: {
          containers: [
            {
              name: 'db',
              image: 'postgres',
              volumeMounts: mounts.map((name, i) => ({ name, mountPath: `/m${i}` })),
            },
          ],
        },
      },
      volumeClaimTemplates: claims,
    },
  });

const messages = (sts: StatefulSet) => validateStatefulSet(sts).map(formatFieldError);

describe('StatefulSet volumeClaimTemplates', () => {
  it('lets containers mount a claim template by name', () => {
    expect(messages(statefulSet(['data'], [claim('data')]))).toEqual([]);
  });

  it('still refuses a mount that names neither a volume nor a claim template', () => {
    expect(messages(statefulSet(['data', 'logs'], [claim('data')]))).toEqual([
      'spec.template.spec.containers[0].volumeMounts[1].name: Not found: "logs"',
    ]);
  });

  it('accepts templates Kubernetes 1.32 accepts: it checks the claims only when the controller creates them', () => {
    const sts = statefulSet(
      ['data'],
      [
        claim('data', { accessModes: [], resources: {} }),
        claim('data', { accessModes: ['ReadWriteOncePod', 'ReadWriteOnce'], volumeMode: 'Raw' }),
        claim('Bad_Name', { resources: { requests: { storage: '0' } } }),
        { spec: { accessModes: ['Everything'], resources: { requests: { storage: '1Gi' } } } },
      ],
    );
    expect(messages(sts)).toEqual([]);
  });

  it('keeps the templates immutable on update', () => {
    const old = statefulSet(['data'], [claim('data')]);
    const next = statefulSet(['data'], [claim('data', { resources: { requests: { storage: '2Gi' } } })]);
    expect(validateStatefulSetUpdate(next, old).map((e) => e.field)).toEqual(['spec']);
  });
});
