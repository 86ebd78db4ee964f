/**
 * `wheelhouse events [-n NS|-A] [--for TYPE/NAME] [-w]`: kubectl events. Lists the events
 * oldest first with LAST SEEN, TYPE, REASON, OBJECT and MESSAGE; -w then prints each new or
 * changed event as it comes.
 */
import { defineCommand } from '@wheelhouse/flags';
import { connectionFlags, withSession, type Session } from './connect.js';
import { KubectlError, kubectlErrors } from './errors.js';
import { byLastSeen, eventCells, eventHeaders, type KubeEvent } from './event-rows.js';
import { err, out } from './io.js';
import { listObjects, watchObjects } from './objects.js';
import { GrowingColumns } from '../table.js';
import { resolveTargets } from './targets.js';

/** The involvedObject field selector of `--for TYPE/NAME`. */
async function forSelector(s: Session, target: string): Promise<string> {
  const slash = target.indexOf('/');
  if (slash <= 0) throw new KubectlError(`--for must be in resource/name form`);
  const [t] = resolveTargets(await s.discovery(), [target]);
  return `involvedObject.kind=${t!.resource.kind},involvedObject.name=${t!.names[0]}`;
}

/** See the module comment. */
export const eventsCommand = defineCommand({
  name: 'events',
  summary: 'List events (as kubectl events)',
  flags: {
    ...connectionFlags,
    'all-namespaces': { type: 'boolean', short: 'A', description: 'events of every namespace', default: false },
    for: { type: 'string', description: 'only the events of this object, e.g. pod/web-1', placeholder: 'TYPE/NAME' },
    types: { type: 'list', description: 'only these types (Normal, Warning)', placeholder: 'TYPE,...' },
    watch: { type: 'boolean', short: 'w', description: 'after listing, print events as they come', default: false },
  },
  run: (f) =>
    kubectlErrors(() =>
      withSession(f, async (s) => {
        const all = f['all-namespaces'];
        const scope = all ? undefined : s.namespace;
        const fieldSelector = f.for ? await forSelector(s, f.for) : undefined;
        const [events] = (await s.discovery()).resolve('events');
        const keep = (e: KubeEvent): boolean => !f.types?.length || f.types.includes(e.type ?? '');
        const list = await listObjects<KubeEvent>(s.rest, events!, scope, { fieldSelector });
        const now = Date.now();
        const items = list.items.filter(keep).sort(byLastSeen);
        const columns = new GrowingColumns();
        if (items.length === 0) err(all ? 'No events found.\n' : `No events found in ${s.namespace} namespace.\n`);
        else {
          out(columns.format([eventHeaders(all), ...items.map((e) => eventCells(e, now, all))]));
        }
        if (!f.watch) return;
        const stream = await watchObjects<KubeEvent>(s.rest, events!, scope, {
          fieldSelector,
          resourceVersion: list.metadata?.resourceVersion ?? '',
        });
        let header = items.length > 0;
        for await (const e of stream) {
          if (e.type === 'DELETED' || !keep(e.object)) continue;
          const lines = [...(header ? [] : [eventHeaders(all)]), eventCells(e.object, Date.now(), all)];
          header = true;
          out(columns.format(lines));
        }
      }),
    ),
});
