/**
 * Field-selector values of cached objects, computed once per object. A watch event is
 * matched by every watcher with a field selector (each kubelet's `spec.nodeName=<node>`
 * watch, so once per node), and each match needs the object's and its previous version's
 * values: without this, a busy cluster rebuilt the same record node-count times per event.
 */
import type { ApiObject } from '@wheelhouse/api';

/** A kind's `selectableFields`: the field-selector values of one object. */
export type SelectableFields = (obj: ApiObject) => Record<string, string>;

/** Per function (a served version's, since versions may select on different fields), per frozen object. */
const remembered = new WeakMap<SelectableFields, WeakMap<ApiObject, Readonly<Record<string, string>>>>();

/**
 * `fields(obj)`, remembered for frozen objects (the watch cache's, which never change);
 * computed afresh for any other. The result is frozen: callers only read it.
 */
export function selectableFieldsOf(fields: SelectableFields, obj: ApiObject): Readonly<Record<string, string>> {
  if (!Object.isFrozen(obj)) return fields(obj);
  let byObject = remembered.get(fields);
  if (!byObject) remembered.set(fields, (byObject = new WeakMap()));
  let values = byObject.get(obj);
  if (!values) byObject.set(obj, (values = Object.freeze(fields(obj))));
  return values;
}
