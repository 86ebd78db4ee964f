/** PodTopologySpreadArgs with kube-scheduler's defaults and the system default constraints. */
import type { TopologySpreadConstraint } from '@wheelhouse/api';
import { z } from 'zod';

const DefaultConstraint = z.strictObject({
  maxSkew: z.int().min(1),
  topologyKey: z.string().min(1),
  whenUnsatisfiable: z.enum(['DoNotSchedule', 'ScheduleAnyway']),
});

/** The arguments of PodTopologySpread. */
export const PodTopologySpreadArgsSchema = z
  .strictObject({
    defaultConstraints: z.array(DefaultConstraint).optional(),
    defaultingType: z.enum(['System', 'List']).optional(),
  })
  .refine((a) => a.defaultingType !== 'System' || (a.defaultConstraints ?? []).length === 0, {
    message: 'when .defaultingType is "System", .defaultConstraints must be empty',
    path: ['defaultConstraints'],
  });

/** kube-scheduler's system default constraints (spread by hostname, then zone, softly). */
export const SYSTEM_DEFAULT_CONSTRAINTS: readonly TopologySpreadConstraint[] = [
  { topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 3 },
  { topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 5 },
];

/** The constraints applied to pods without their own, and whether they are the system defaults. */
export function defaultConstraintsOf(args: z.infer<typeof PodTopologySpreadArgsSchema>): {
  constraints: readonly TopologySpreadConstraint[];
  systemDefaulted: boolean;
} {
  const type = args.defaultingType ?? ((args.defaultConstraints ?? []).length > 0 ? 'List' : 'System');
  if (type === 'System') return { constraints: SYSTEM_DEFAULT_CONSTRAINTS, systemDefaulted: true };
  return { constraints: args.defaultConstraints ?? [], systemDefaulted: false };
}
