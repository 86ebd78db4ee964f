/**
 * The legacy `/watch/` paths kube-apiserver still publishes in its Swagger 2.0 document
 * (`x-kubernetes-action` watch and watchlist; deprecated in favour of `?watch=true` on a
 * list, and served by Wheelhouse as by kube), answering a stream of WatchEvents.
 */
import type { AnyResourceDefinition } from '../registry/types.js';
import type { JsonSchema } from './components.js';
import { groupVersionPrefix } from './paths.js';

/** The definition name of a watch stream's events. */
export const WATCH_EVENT = 'io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent';

/** The WatchEvent definition (its object is whatever kind is watched). */
export const WATCH_EVENT_SCHEMA: JsonSchema = {
  description: 'One event of a watch stream: what happened and the object it happened to.',
  type: 'object',
  required: ['type', 'object'],
  properties: {
    type: { type: 'string' },
    object: {
      $ref: '#/definitions/io.k8s.apimachinery.pkg.runtime.RawExtension',
      description: 'The object as it is after the event (or was, for DELETED); a Status for ERROR.',
    },
  },
};

const PRODUCES = [
  'application/json',
  'application/yaml',
  'application/vnd.kubernetes.protobuf',
  'application/json;stream=watch',
  'application/vnd.kubernetes.protobuf;stream=watch',
];

function pathParam(name: string): JsonSchema {
  return {
    description: `${name} of the resource`,
    in: 'path',
    name,
    required: true,
    type: 'string',
    uniqueItems: true,
  };
}

function watchOp(id: string, action: string, def: AnyResourceDefinition, tag: string): JsonSchema {
  return {
    consumes: ['*/*'],
    description: `watch changes to ${action === 'watch' ? 'an object' : 'a list'} of kind ${def.kind}. deprecated: use the 'watch' parameter with a list operation instead.`,
    operationId: id,
    produces: PRODUCES,
    responses: {
      '200': { description: 'OK', schema: { $ref: `#/definitions/${WATCH_EVENT}` } },
      '401': { description: 'Unauthorized' },
    },
    schemes: ['https'],
    tags: [tag],
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': { group: def.group, version: def.version, kind: def.kind },
  };
}

/**
 * The `/watch/` paths of `def` (none unless it has the watch verb). `gvWord` is the
 * group/version as operation ids spell it (`CoreV1`), `tag` its tag (`core_v1`), and
 * `listParams` the query parameters of its list operation, which watches take too.
 */
export function watchPaths(
  def: AnyResourceDefinition,
  gvWord: string,
  tag: string,
  listParams: readonly JsonSchema[],
): Record<string, JsonSchema> {
  if (!def.verbs.includes('watch')) return {};
  const watchPrefix = `${groupVersionPrefix(def.group, def.version)}/watch`;
  const out: Record<string, JsonSchema> = {};
  const params = (extra: JsonSchema[]) => ({ parameters: [...extra, ...listParams] });
  if (def.scope === 'Namespaced') {
    const base = `${watchPrefix}/namespaces/{namespace}/${def.resource}`;
    const ns = pathParam('namespace');
    out[base] = {
      get: watchOp(`watch${gvWord}Namespaced${def.kind}List`, 'watchlist', def, tag),
      ...params([ns]),
    };
    out[`${base}/{name}`] = {
      get: watchOp(`watch${gvWord}Namespaced${def.kind}`, 'watch', def, tag),
      ...params([pathParam('name'), ns]),
    };
    out[`${watchPrefix}/${def.resource}`] = {
      get: watchOp(`watch${gvWord}${def.kind}ListForAllNamespaces`, 'watchlist', def, tag),
      ...params([]),
    };
  } else {
    out[`${watchPrefix}/${def.resource}`] = {
      get: watchOp(`watch${gvWord}${def.kind}List`, 'watchlist', def, tag),
      ...params([]),
    };
    out[`${watchPrefix}/${def.resource}/{name}`] = {
      get: watchOp(`watch${gvWord}${def.kind}`, 'watch', def, tag),
      ...params([pathParam('name')]),
    };
  }
  return out;
}
