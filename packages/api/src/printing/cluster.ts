/** Printers of leases, priority classes and pod disruption budgets. */
import type { Lease } from '../schema/coordination-v1.js';
import type { PodDisruptionBudget } from '../schema/policy-v1.js';
import type { PriorityClass } from '../schema/scheduling-v1.js';
import { age, ageColumn, column, nameColumn, type TablePrinter } from './table.js';

/** The leases printer: NAME HOLDER AGE. */
export const leasePrinter: TablePrinter<Lease> = {
  columns: [
    nameColumn(),
    column('Holder', 'string', 'holderIdentity contains the identity of the holder of a current lease.'),
    ageColumn(),
  ],
  cells: (lease, now) => [lease.metadata?.name ?? '', lease.spec?.holderIdentity ?? '', age(lease.metadata, now)],
};

/** The priorityclasses printer: NAME VALUE GLOBAL-DEFAULT AGE PREEMPTIONPOLICY. */
export const priorityClassPrinter: TablePrinter<PriorityClass> = {
  columns: [
    nameColumn(),
    column('Value', 'integer', 'value represents the integer value of this priority class.'),
    column(
      'Global-Default',
      'boolean',
      'globalDefault specifies whether this PriorityClass should be considered as the default priority for pods that do not have any priority class.',
    ),
    ageColumn(),
    column('PreemptionPolicy', 'string', 'preemptionPolicy is the Policy for preempting pods with lower priority.'),
  ],
  cells: (pc, now) => [
    pc.metadata?.name ?? '',
    pc.value ?? 0,
    pc.globalDefault ?? false,
    age(pc.metadata, now),
    pc.preemptionPolicy ?? '',
  ],
};

/** The poddisruptionbudgets printer: NAME MIN AVAILABLE MAX UNAVAILABLE ALLOWED DISRUPTIONS AGE. */
export const podDisruptionBudgetPrinter: TablePrinter<PodDisruptionBudget> = {
  columns: [
    nameColumn(),
    column('Min Available', 'string', 'The minimum number of pods that must be available.'),
    column('Max Unavailable', 'string', 'The maximum number of pods that may be unavailable.'),
    column('Allowed Disruptions', 'integer', 'Calculated number of pods that may be disrupted at this time.'),
    ageColumn(),
  ],
  cells: (pdb, now) => [
    pdb.metadata?.name ?? '',
    pdb.spec?.minAvailable === undefined ? 'N/A' : String(pdb.spec.minAvailable),
    pdb.spec?.maxUnavailable === undefined ? 'N/A' : String(pdb.spec.maxUnavailable),
    pdb.status?.disruptionsAllowed ?? 0,
    age(pdb.metadata, now),
  ],
};
