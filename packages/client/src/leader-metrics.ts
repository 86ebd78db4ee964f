import { Gauge, type Registry } from 'prom-client';

/**
 * component-base's leader_election_master_status gauge in `registry`, labelled with the lease's
 * `name` and set to 0 (backup); the caller sets it to 1 while it leads.
 */
export function leaderElectionGauge(registry: Registry, lease: string): Gauge {
  const gauge = new Gauge({
    name: 'leader_election_master_status',
    // component-base's help text, as kube components expose it.
    help:
      'Gauge of if the reporting system is master of the relevant lease, 0 indicates backup, 1 indicates master. ' +
      "'name' is the string used to identify the lease. Please make sure to group by name.",
    labelNames: ['name'],
    registers: [registry],
  });
  gauge.set({ name: lease }, 0);
  return gauge;
}
