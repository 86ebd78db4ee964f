/**
 * What the collector watches and how it maps an owner reference to a resource: the API's own
 * registry stands in for discovery and the REST mapper.
 */
import { type AnyResourceDefinition, RESOURCES, findByApiVersionKind } from '@wheelhouse/api';
import type {
  Informer,
  ResourceName,
  Served,
  AnyObject,
  RestClient,
  ResourceClient,
  SharedInformerFactory,
} from '@wheelhouse/client';

/** Resources the collector never watches (kube's ignoredResources: events). */
const IGNORED = new Set(['events', 'events.events.k8s.io']);

/** `pods` / `deployments.apps`: a resource as the clients take it, unambiguously. */
export function qualifiedName(def: AnyResourceDefinition): string {
  return def.group === '' ? def.resource : `${def.resource}.${def.group}`;
}

/** Every served resource that supports list, watch and delete, events excepted (kube's GetDeletableResources). */
export function deletableResources(): AnyResourceDefinition[] {
  const needed = ['list', 'watch', 'delete'] as const;
  return RESOURCES.filter((d) => needed.every((v) => d.verbs.includes(v)) && !IGNORED.has(qualifiedName(d)));
}

/** The resource serving `apiVersion` and `kind`, or undefined (kube's restMappingError). */
export function resourceFor(apiVersion: string, kind: string): AnyResourceDefinition | undefined {
  return findByApiVersionKind(apiVersion, kind);
}

/** An object of any resource as an informer hands it out. */
export type AnyServed = Served<AnyObject>;

/**
 * The shared informer of `def`, seen as untyped objects. Every registry resource is one of the
 * typed client's resource names (packages/client checks that its map and the registry agree).
 */
export function informerOf(factory: SharedInformerFactory, def: AnyResourceDefinition): Informer<AnyServed> {
  return factory.informerFor(def.resource as ResourceName) as unknown as Informer<AnyServed>;
}

/** The untyped client of `def`. */
export function clientOf(client: RestClient, def: AnyResourceDefinition): ResourceClient<AnyObject> {
  return client.resourceByName(qualifiedName(def));
}
