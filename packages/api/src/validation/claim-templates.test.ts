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

  it('checks each template as the claim it stands for', () => {
    const sts = statefulSet(
      ['data'],
      [
        claim('data', { accessModes: [], resources: {} }),
        claim('data', { accessModes: ['ReadWriteOncePod', 'ReadWriteOnce'], volumeMode: 'Raw' }),
        claim('Bad_Name', { resources: { requests: { storage: '0' } } }),
        { spec: { accessModes: ['Everything'], resources: { requests: { storage: '1Gi' } } } },
      ],
    );
    expect(messages(sts)).toEqual([
      'spec.volumeClaimTemplates[0].spec.accessModes: Required value: at least 1 access mode is required',
      'spec.volumeClaimTemplates[0].spec.resources[storage]: Required value',
      'spec.volumeClaimTemplates[1].metadata.name: Duplicate value: "data"',
      'spec.volumeClaimTemplates[1].spec.accessModes: Forbidden: may not use ReadWriteOncePod with other access modes',
      'spec.volumeClaimTemplates[1].spec.volumeMode: Unsupported value: "Raw": supported values: "Block", "Filesystem"',
      expect.stringMatching(
        /^spec\.volumeClaimTemplates\[2\]\.metadata\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 label must consist of/,
      ),
      'spec.volumeClaimTemplates[2].spec.resources[storage]: Invalid value: "0": must be greater than zero',
      'spec.volumeClaimTemplates[3].metadata.name: Required value',
      'spec.volumeClaimTemplates[3].spec.accessModes: Unsupported value: "Everything": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"',
    ]);
  });

  it('keeps the templates immutable on update', () => {
    const old = statefulSet(['data'], [claim('data')]);
    const next = statefulSet(['data'], [claim('data', { resources: { requests: { storage: '2Gi' } } })]);
    expect(validateStatefulSetUpdate(next, old).map((e) => e.field)).toEqual(['spec']);
  });
});
