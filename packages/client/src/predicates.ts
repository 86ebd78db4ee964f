import type { LabelSelector } from '@wheelhouse/api';
import {
  type ParsedLabelSelector,
  labelSelectorFromStructured,
  matchesLabels,
  parseLabelSelector,
} from '@wheelhouse/machinery';
import type { EventHandler } from './informer.js';
import type { DeepReadonly, HasMetadata } from './object.js';

/**
 * A filter on informer events (controller-runtime's predicate.Funcs): an event reaches the
 * handler only if the matching function returns true; a missing function lets every event of
 * that kind through. Combine with {@link withPredicates}, {@link and}, {@link or}, {@link not}.
 */
export interface Predicate<T> {
  add?(obj: DeepReadonly<T>): boolean;
  update?(oldObj: DeepReadonly<T>, newObj: DeepReadonly<T>): boolean;
  delete?(obj: DeepReadonly<T>): boolean;
}

/** `handler`, receiving only the events every one of `predicates` lets through. */
export function withPredicates<T>(handler: EventHandler<T>, ...predicates: Predicate<T>[]): EventHandler<T> {
  if (predicates.length === 0) return handler;
  const p = and(...predicates);
  return {
    onAdd: (obj, initial) => void (p.add!(obj) && handler.onAdd?.(obj, initial)),
    onUpdate: (oldObj, newObj) => void (p.update!(oldObj, newObj) && handler.onUpdate?.(oldObj, newObj)),
    onDelete: (obj, unknown) => void (p.delete!(obj) && handler.onDelete?.(obj, unknown)),
  };
}

/** Lets an event through when every predicate does (an empty list lets everything through). */
export function and<T>(...predicates: Predicate<T>[]): Required<Predicate<T>> {
  return {
    add: (obj) => predicates.every((p) => p.add?.(obj) ?? true),
    update: (o, n) => predicates.every((p) => p.update?.(o, n) ?? true),
    delete: (obj) => predicates.every((p) => p.delete?.(obj) ?? true),
  };
}

/** Lets an event through when any predicate does (an empty list lets nothing through). */
export function or<T>(...predicates: Predicate<T>[]): Required<Predicate<T>> {
  return {
    add: (obj) => predicates.some((p) => p.add?.(obj) ?? true),
    update: (o, n) => predicates.some((p) => p.update?.(o, n) ?? true),
    delete: (obj) => predicates.some((p) => p.delete?.(obj) ?? true),
  };
}

/** Lets an event through when `predicate` does not. */
export function not<T>(predicate: Predicate<T>): Required<Predicate<T>> {
  return {
    add: (obj) => !(predicate.add?.(obj) ?? true),
    update: (o, n) => !(predicate.update?.(o, n) ?? true),
    delete: (obj) => !(predicate.delete?.(obj) ?? true),
  };
}

/**
 * Lets updates through only when `metadata.generation` changed, i.e. the spec changed and not
 * just the status or metadata (controller-runtime's GenerationChangedPredicate); adds and
 * deletes pass. Periodic resyncs (same object twice) are filtered out too.
 */
export function generationChanged<T extends HasMetadata>(): Predicate<T> {
  return { update: (o, n) => o.metadata.generation !== n.metadata.generation };
}

/**
 * Lets updates through only when `metadata.resourceVersion` changed, filtering out periodic
 * resyncs (controller-runtime's ResourceVersionChangedPredicate); adds and deletes pass.
 */
export function resourceVersionChanged<T extends HasMetadata>(): Predicate<T> {
  return { update: (o, n) => o.metadata.resourceVersion !== n.metadata.resourceVersion };
}

/**
 * Lets through events of objects whose labels match `selector` (for updates, the new object's):
 * kubectl's syntax (`"app=web,tier notin (db)"`), a `metav1.LabelSelector`, or a parsed one. The
 * selector is parsed at once; a malformed one throws the MachineryError of its parser.
 */
export function labelSelectorPredicate<T extends HasMetadata>(
  selector: string | LabelSelector | ParsedLabelSelector,
): Predicate<T> {
  const parsed = parseSelector(selector);
  const matches = (obj: DeepReadonly<T>): boolean => matchesLabels(parsed, obj.metadata.labels);
  return { add: matches, update: (_o, n) => matches(n), delete: matches };
}

function parseSelector(selector: string | LabelSelector | ParsedLabelSelector): ParsedLabelSelector {
  if (typeof selector === 'string') return parseLabelSelector(selector);
  return 'requirements' in selector ? selector : labelSelectorFromStructured(selector);
}
