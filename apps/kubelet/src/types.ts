import type { Node, Pod } from '@wheelhouse/api';
import type { DeepReadonly, Served } from '@wheelhouse/client';

/** A Node as the informer cache holds it: as served, read-only. */
export type CachedNode = DeepReadonly<Served<Node>>;
/** A Pod as the informer cache holds it: as served, read-only. */
export type CachedPod = DeepReadonly<Served<Pod>>;
