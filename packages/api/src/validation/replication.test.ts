import { describe, expect, it } from 'vitest';
import { defaultReplicationController } from '../defaults/kinds.js';
import { buildTable } from '../printing/table.js';
import { replicationControllerPrinter } from '../printing/workloads.js';
import { findByName, findByShortName } from '../registry/registry.js';
import type { ReplicationController } from '../schema/core-v1-replication.js';
import { formatFieldError, type FieldError } from './field-errors.js';
import { validateReplicationController, validateReplicationControllerUpdate } from './replication.js';

const template = (labels: Record<string, string>) => ({
  metadata: { labels },
  spec: { containers: [{ name: 'web', image: 'nginx' }] },
});
const rc = (spec: ReplicationController['spec']): ReplicationController =>
  defaultReplicationController({ metadata: { name: 'web', namespace: 'default' }, spec });
const messages = (errs: FieldError[]) => errs.map(formatFieldError);

describe('defaultReplicationController', () => {
  it('takes selector and labels from the template and sets replicas 1', () => {
    const out = rc({ template: template({ app: 'web' }) });
    expect(out.spec?.selector).toEqual({ app: 'web' });
    expect(out.metadata?.labels).toEqual({ app: 'web' });
    expect(out.spec?.replicas).toBe(1);
    expect(out.spec?.template?.spec?.restartPolicy).toBe('Always');
  });

  it('keeps a given selector, labels and replicas', () => {
    const out = defaultReplicationController({
      metadata: { name: 'web', labels: { team: 'a' } },
      spec: { replicas: 0, selector: { app: 'web' }, template: template({ app: 'web', v: '2' }) },
    });
    expect(out.spec?.selector).toEqual({ app: 'web' });
    expect(out.metadata?.labels).toEqual({ team: 'a' });
    expect(out.spec?.replicas).toBe(0);
  });

  it('leaves an absent template absent', () => {
    expect(rc({}).spec?.template).toBeUndefined();
  });
});

describe('validateReplicationController', () => {
  it('accepts a defaulted controller', () => {
    expect(validateReplicationController(rc({ template: template({ app: 'web' }) }))).toEqual([]);
  });

  it('requires a selector and a template', () => {
    expect(messages(validateReplicationController(rc({})))).toEqual([
      'spec.selector: Required value',
      'spec.template: Required value',
    ]);
  });

  it('refuses a selector the template labels do not satisfy', () => {
    const c = rc({ selector: { app: 'web' }, template: template({ app: 'db' }) });
    expect(messages(validateReplicationController(c))).toEqual([
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"db"}: `selector` does not match template `labels`',
    ]);
  });

  it('refuses negative counts, other restart policies and activeDeadlineSeconds', () => {
    const t = template({ app: 'web' });
    const c = rc({
      replicas: -1,
      minReadySeconds: -2,
      template: { ...t, spec: { ...t.spec, restartPolicy: 'OnFailure', activeDeadlineSeconds: 5 } },
    });
    expect(messages(validateReplicationController(c))).toEqual([
      'spec.minReadySeconds: Invalid value: -2: must be greater than or equal to 0',
      'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
      'spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"',
      'spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicationController is not Supported',
    ]);
  });

  it('lets an update change the selector (unlike apps/v1 kinds)', () => {
    const old = rc({ selector: { app: 'web' }, template: template({ app: 'web', v: '1' }) });
    const next = { ...old, spec: { ...old.spec, selector: { app: 'web', v: '1' } } };
    expect(validateReplicationControllerUpdate(next, old)).toEqual([]);
  });
});

describe('the replicationcontrollers resource', () => {
  const def = findByShortName('rc');

  it('is core/v1 with status and scale, in category all, orphaning pods by default', () => {
    expect(def).toMatchObject({
      group: '',
      version: 'v1',
      kind: 'ReplicationController',
      resource: 'replicationcontrollers',
    });
    expect(findByName('replicationcontroller')).toBe(def);
    expect(def?.subresources.map((s) => s.name)).toEqual(['scale', 'status']);
    expect(def?.categories).toContain('all');
    expect(def?.defaultGarbageCollectionPolicy).toBe('OrphanDependents');
  });

  it('starts with status replicas 0 and generation 1, and selects on status.replicas', () => {
    const created = def?.strategy.prepareForCreate(rc({ template: template({ app: 'web' }) }));
    expect(created?.status).toEqual({ replicas: 0 });
    expect(created?.metadata?.generation).toBe(1);
    expect(def?.selectableFields({ metadata: { name: 'web', namespace: 'd' }, status: { replicas: 3 } })).toEqual({
      'metadata.name': 'web',
      'metadata.namespace': 'd',
      'status.replicas': '3',
    });
  });

  it('scales with its label map as the Scale selector', () => {
    const scale = def?.subresources.find((s) => s.name === 'scale')?.scale;
    const c = { ...rc({ selector: { tier: 'fe', app: 'web' }, template: template({ app: 'web', tier: 'fe' }) }) };
    c.status = { replicas: 2 };
    expect(scale?.toScale(c)).toMatchObject({
      spec: { replicas: 1 },
      status: { replicas: 2, selector: 'app=web,tier=fe' },
    });
    expect((scale?.applyScale(c, { spec: { replicas: 4 } }) as ReplicationController).spec?.replicas).toBe(4);
  });

  it('prints NAME DESIRED CURRENT READY AGE, and CONTAINERS IMAGES SELECTOR when wide', () => {
    const c = rc({ replicas: 3, selector: { tier: 'fe', app: 'web' }, template: template({ app: 'web', tier: 'fe' }) });
    c.metadata = { ...c.metadata, creationTimestamp: '2024-05-01T11:55:00Z' };
    c.status = { replicas: 3, readyReplicas: 2 };
    const table = buildTable(replicationControllerPrinter, [c], new Date('2024-05-01T12:00:00Z'));
    expect(table.columnDefinitions.map((col) => [col.name, col.priority])).toEqual([
      ['Name', 0],
      ['Desired', 0],
      ['Current', 0],
      ['Ready', 0],
      ['Age', 0],
      ['Containers', 1],
      ['Images', 1],
      ['Selector', 1],
    ]);
    expect(table.rows[0]?.cells).toEqual(['web', 3, 3, 2, '5m', 'web', 'nginx', 'app=web,tier=fe']);
  });
});
