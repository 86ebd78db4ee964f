/** The APIService printer, as kube-aggregator's table convertor prints it. */
import type { APIService } from '../schema/apiregistration-v1.js';
import { age, ageColumn, column, nameColumn, type TablePrinter } from './table.js';

/** The AVAILABLE cell: `True`, `False (Reason)` (or just the status without a reason), `Unknown` without a condition. */
export function apiServiceAvailable(svc: APIService): string {
  const condition = (svc.status?.conditions ?? []).find((c) => c.type === 'Available');
  if (!condition) return 'Unknown';
  const status = condition.status ?? '';
  return status !== 'True' && condition.reason ? `${status} (${condition.reason})` : status;
}

/** The apiservices printer: NAME SERVICE AVAILABLE AGE (SERVICE `Local` without a service, `namespace/name` otherwise). */
export const apiServicePrinter: TablePrinter<APIService> = {
  columns: [
    nameColumn(),
    column('Service', 'string', 'The reference to the service that hosts this API endpoint.'),
    column('Available', 'string', 'Whether this service is available.'),
    ageColumn(),
  ],
  cells: (svc, now) => {
    const service = svc.spec?.service;
    return [
      svc.metadata?.name ?? '',
      service ? `${service.namespace ?? ''}/${service.name ?? ''}` : 'Local',
      apiServiceAvailable(svc),
      age(svc.metadata, now),
    ];
  },
};
