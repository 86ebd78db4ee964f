/** The 403 an admission plugin refuses an object with: `pods "x" is forbidden: <why>` (admission.NewForbidden). */
import { ApiError, type StatusDetails } from '../errors.js';
import type { ResourceDef } from '../registry/registry.js';

/** A Forbidden ApiError for object `name` of `def`, with kube's message and details (and `causes`, when given). */
export function admissionForbidden(
  def: ResourceDef,
  name: string,
  why: string,
  causes?: StatusDetails['causes'],
): ApiError {
  const resource = def.group === '' ? def.plural : `${def.plural}.${def.group}`;
  const details = def.group === '' ? { name, kind: def.plural } : { name, group: def.group, kind: def.plural };
  return new ApiError(
    'Forbidden',
    `${resource} "${name}" is forbidden: ${why}`,
    causes ? { ...details, causes } : details,
  );
}
