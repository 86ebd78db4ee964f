/**
 * `wheelhouse describe TYPE NAME... | TYPE/NAME | TYPE [-l SEL]`: kubectl describe. Each
 * object in a readable form (see describers.ts) followed by its Events, objects separated by
 * a blank line.
 */
import { defineCommand, VerbatimError } from '@wheelhouse/flags';
import { isNotFound } from '@wheelhouse/client';
import { connectionFlags, withSession, type Session } from './connect.js';
import { describeObject } from './describers.js';
import { eventsSection } from './describe-format.js';
import { errorLine, kubectlErrors } from './errors.js';
import type { KubeEvent } from './event-rows.js';
import { err, out } from './io.js';
import { getObject, listObjects, type KubeObject } from './objects.js';
import { resolveTargets } from './targets.js';

async function eventsOf(s: Session, o: KubeObject): Promise<KubeEvent[]> {
  const [events] = (await s.discovery()).resolve('events');
  const m = o.metadata ?? {};
  const fieldSelector = [
    `involvedObject.name=${m.name}`,
    ...(m.namespace ? [`involvedObject.namespace=${m.namespace}`] : []),
    ...(m.uid ? [`involvedObject.uid=${m.uid}`] : []),
  ].join(',');
  const list = await listObjects<KubeEvent>(s.rest, events!, m.namespace || undefined, { fieldSelector });
  return list.items;
}

async function describeAll(s: Session, args: readonly string[], labelSelector: string | undefined): Promise<string[]> {
  const errors: string[] = [];
  let first = true;
  for (const t of resolveTargets(await s.discovery(), args)) {
    const ns = t.resource.namespaced ? s.namespace : '';
    let objects: KubeObject[] = [];
    if (t.names.length === 0)
      objects = (await listObjects(s.rest, t.resource, ns || undefined, { labelSelector })).items;
    for (const name of t.names) {
      try {
        objects.push(await getObject(s.rest, t.resource, ns, name));
      } catch (e) {
        if (!isNotFound(e)) throw e;
        errors.push(errorLine(e));
      }
    }
    if (objects.length === 0 && t.names.length === 0)
      err(ns ? `No resources found in ${ns} namespace.\n` : 'No resources found\n');
    for (const o of objects) {
      out(
        `${first ? '' : '\n\n'}${describeObject(t.resource.kind, o)}${eventsSection(await eventsOf(s, o), Date.now())}`,
      );
      first = false;
    }
  }
  return errors;
}

/** See the module comment. */
export const describeCommand = defineCommand({
  name: 'describe',
  summary: 'Show details of a resource or group of resources, with their events (as kubectl describe)',
  flags: {
    ...connectionFlags,
    selector: { type: 'string', short: 'l', description: 'label selector, e.g. app=web', placeholder: 'SELECTOR' },
  },
  positionals: [
    { name: 'TYPE[/NAME]', description: 'the type (pods, deploy, nodes, ...) or TYPE/NAME', required: true },
    { name: 'NAME', description: 'names of objects of that type (none: all of them)', variadic: true },
  ],
  run: (f, args) =>
    kubectlErrors(async () => {
      const errors = await withSession(f, (s) => describeAll(s, args, f.selector));
      if (errors.length) throw new VerbatimError(errors.join('\n'));
    }),
});
