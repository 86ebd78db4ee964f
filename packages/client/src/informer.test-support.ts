// Shared setup of the informer tests (a test helper, not exported by the package).
import { pino } from 'pino';
import { FakeClock, FakeListerWatcher } from '@wheelhouse/testing';
import { apiErrorFromStatus } from './api-errors.js';
import { Informer, type InformerOptions } from './informer.js';
import type { ObjectWithMetadata } from '@wheelhouse/api';

/** The pod shape the informer tests use. */
export interface Pod extends ObjectWithMetadata {
  metadata: {
    name: string;
    namespace: string;
    resourceVersion?: string;
    labels?: Record<string, string>;
    uid?: string;
  };
  spec: { nodeName?: string };
}

/** A pod named `name`, in `ns`, on `nodeName`, with `labels`. */
export const pod = (name: string, ns = 'default', nodeName?: string, labels?: Record<string, string>): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: ns, ...(labels ? { labels } : {}) },
  spec: nodeName ? { nodeName } : {},
});

/** An informer on a FakeListerWatcher and a FakeClock, recording handler calls in `seen`; lists page by page unless `extra` says otherwise. */
export function setup(extra: Partial<InformerOptions<Pod>> = {}) {
  const clock = new FakeClock(0);
  const lw = new FakeListerWatcher<Pod>({ statusError: apiErrorFromStatus });
  const seen: string[] = [];
  const informer = new Informer<Pod>({
    name: 'pods',
    listerWatcher: lw,
    clock,
    logger: pino({ level: 'silent' }),
    random: () => 0,
    pageSize: 2,
    indexers: { nodeName: (p) => (p.spec.nodeName ? [p.spec.nodeName] : []) },
    // Most tests follow the paginated path; the streaming list (the default) has its own.
    useWatchList: false,
    ...extra,
  });
  informer.addEventHandler({
    onAdd: (o, initial) => seen.push(`add ${o.metadata.name}${initial ? ' initial' : ''}`),
    onUpdate: (a, b) =>
      seen.push(`update ${b.metadata.name} ${a.metadata.resourceVersion}->${b.metadata.resourceVersion}`),
    onDelete: (o, unknown) => seen.push(`delete ${o.metadata.name}${unknown ? ' unknown' : ''}`),
  });
  const ac = new AbortController();
  const start = (): Promise<void> => informer.run(ac.signal);
  return { clock, lw, seen, informer, ac, start };
}

/** The informer's cache as key -> resourceVersion. */
export const cacheState = (i: Informer<Pod>) =>
  new Map(
    i
      .lister()
      .list()
      .map((p) => [`${p.metadata.namespace}/${p.metadata.name}`, p.metadata.resourceVersion]),
  );
/** The fake server's state as key -> resourceVersion. */
export const truth = (lw: FakeListerWatcher<Pod>) =>
  new Map([...lw.state()].map(([k, p]) => [k, p.metadata.resourceVersion]));
