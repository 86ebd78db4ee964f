import type { ObjectWithMetadata } from '@wheelhouse/api';
import { deepFreeze, isMachineryError, parseLabelSelector } from '@wheelhouse/machinery';
import { describe, expect, it } from 'vitest';
import { enqueueObject } from './handlers.js';
import {
  and,
  generationChanged,
  labelSelectorPredicate,
  not,
  or,
  resourceVersionChanged,
  withPredicates,
} from './predicates.js';

const obj = (name: string, meta: Partial<ObjectWithMetadata['metadata']> = {}) =>
  deepFreeze<ObjectWithMetadata>({ metadata: { name, namespace: 'ns', resourceVersion: '1', ...meta } });

function recorder() {
  const keys: string[] = [];
  return { keys, queue: { enqueue: (k: string) => void keys.push(k) } };
}

describe('predicates filter what reaches a handler', () => {
  it('generationChanged passes spec changes, adds and deletes, and drops status-only updates and resyncs', () => {
    const { keys, queue } = recorder();
    const h = withPredicates(enqueueObject(queue), generationChanged());
    h.onAdd!(obj('added', { generation: 1 }), false);
    h.onUpdate!(obj('status', { generation: 1 }), obj('status', { generation: 1, resourceVersion: '2' }));
    h.onUpdate!(obj('spec', { generation: 1 }), obj('spec', { generation: 2, resourceVersion: '2' }));
    const same = obj('resync', { generation: 3 });
    h.onUpdate!(same, same);
    h.onDelete!(obj('deleted'), false);
    expect(keys).toEqual(['ns/added', 'ns/spec', 'ns/deleted']);
  });

  it('resourceVersionChanged drops periodic resyncs only', () => {
    const { keys, queue } = recorder();
    const h = withPredicates(enqueueObject(queue), resourceVersionChanged());
    const same = obj('resync');
    h.onUpdate!(same, same);
    h.onUpdate!(obj('changed'), obj('changed', { resourceVersion: '2' }));
    expect(keys).toEqual(['ns/changed']);
  });

  it('labelSelectorPredicate takes kubectl syntax, metav1.LabelSelector or a parsed selector', () => {
    const web = obj('web', { labels: { app: 'web', tier: 'front' } });
    const db = obj('db', { labels: { app: 'db' } });
    for (const selector of [
      'app=web,tier in (front)',
      { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['front'] }] },
      parseLabelSelector('app=web'),
    ]) {
      const { keys, queue } = recorder();
      const h = withPredicates(enqueueObject(queue), labelSelectorPredicate(selector));
      h.onAdd!(web, false);
      h.onAdd!(db, false);
      h.onUpdate!(web, db); // judged by the new object
      h.onUpdate!(db, web);
      h.onDelete!(db, true);
      expect(keys).toEqual(['ns/web', 'ns/web']);
    }
  });

  it('rejects a malformed selector at once', () => {
    let caught: unknown;
    try {
      labelSelectorPredicate('app in (');
    } catch (err) {
      caught = err;
    }
    expect(isMachineryError(caught)).toBe(true);
    expect(() => labelSelectorPredicate({ matchExpressions: [{ key: 'a', operator: 'Near' }] })).toThrow();
  });

  it('and, or and not compose; several predicates on a handler must all pass', () => {
    const web = obj('web', { labels: { app: 'web' } });
    const db = obj('db', { labels: { app: 'db' } });
    const isWeb = labelSelectorPredicate('app=web');
    const isDb = labelSelectorPredicate('app=db');
    expect([or(isWeb, isDb).add(web), or(isWeb, isDb).add(obj('x'))]).toEqual([true, false]);
    expect([and(isWeb, isDb).add(web), not(isWeb).add(db), not(isWeb).add(web)]).toEqual([false, true, false]);
    const { keys, queue } = recorder();
    const h = withPredicates(enqueueObject(queue), isWeb, resourceVersionChanged());
    h.onUpdate!(web, web);
    h.onUpdate!(db, obj('db', { labels: { app: 'db' }, resourceVersion: '2' }));
    h.onUpdate!(web, obj('web', { labels: { app: 'web' }, resourceVersion: '2' }));
    expect(keys).toEqual(['ns/web']);
  });
});
