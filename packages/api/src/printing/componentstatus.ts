/** The componentstatuses printer: NAME STATUS MESSAGE ERROR, as kube's printComponentStatus. */
import type { ComponentStatus } from '../schema/core-v1-componentstatus.js';
import { column, nameColumn, type TablePrinter } from './table.js';

/** Healthy or Unhealthy from the Healthy condition (Unknown without one), and its message and error. */
export const componentStatusPrinter: TablePrinter<ComponentStatus> = {
  columns: [
    nameColumn(),
    column('Status', 'string', 'Status of the component conditions'),
    column('Message', 'string', 'Message of the component conditions'),
    column('Error', 'string', 'Error of the component conditions'),
  ],
  cells: (cs) => {
    const healthy = (cs.conditions ?? []).find((c) => c.type === 'Healthy');
    const status = healthy ? (healthy.status === 'True' ? 'Healthy' : 'Unhealthy') : 'Unknown';
    return [cs.metadata?.name ?? '', status, healthy?.message ?? '', healthy?.error ?? ''];
  },
};
