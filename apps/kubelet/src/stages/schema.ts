import { z } from 'zod';

/** The apiVersion of stage documents. */
export const STAGE_API_VERSION = 'sim.wheelhouse.dev/v1alpha1';

const ExpressionRequirementSchema = z.strictObject({
  /** A path (or any expression) evaluated on the object; a `[]` path yields several values. */
  key: z.string().min(1),
  operator: z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist']),
  values: z.array(z.string()).optional(),
});

/** Which objects a stage applies to; all parts are ANDed, and an absent selector matches every object. */
export const StageSelectorSchema = z.strictObject({
  matchLabels: z.record(z.string(), z.string()).optional(),
  matchAnnotations: z.record(z.string(), z.string()).optional(),
  matchExpressions: z.array(ExpressionRequirementSchema).optional(),
});

const millis = z.number().int().min(0);

/**
 * How long after the object matched the stage plays: `durationMilliseconds` (or the number
 * `durationFrom` evaluates to), plus a random part up to `jitterDurationMilliseconds` (or
 * `jitterDurationFrom`): the delay is uniform between the two when the jitter is the larger.
 */
export const StageDelaySchema = z.strictObject({
  durationMilliseconds: millis.optional(),
  durationFrom: z.string().min(1).optional(),
  jitterDurationMilliseconds: millis.optional(),
  jitterDurationFrom: z.string().min(1).optional(),
});

/**
 * An Event the stage records about the object; `reason`, `message` and `fieldPath` are
 * template strings. `fieldPath` names the part of the object the Event is about, as the
 * kubelet names a container: `spec.containers{app}`.
 */
export const StageEventSchema = z.strictObject({
  type: z.enum(['Normal', 'Warning']),
  reason: z.string().min(1),
  message: z.string(),
  fieldPath: z.string().optional(),
});

/**
 * An item of a templated list: the item itself, or items made by `{ $each: list, $do: items }`
 * (for each `$item`) or chosen by `{ $if: expr, $then: items, $else: items }`, where items are
 * one item or a list of them.
 */
export type StageListItem<T> =
  | T
  | { $each: string; $do: StageListItem<T> | StageListItem<T>[] }
  | {
      $if: string;
      $then: StageListItem<T> | StageListItem<T>[];
      $else?: StageListItem<T> | StageListItem<T>[] | undefined;
    };

/** The schema of {@link StageListItem}s of `base`; `error` is the message for an item that is none of them. */
function listItemSchema<T>(base: z.ZodType<T>, error?: string): z.ZodType<StageListItem<T>> {
  const item: z.ZodType<StageListItem<T>> = z.lazy(() => {
    const items = z.union([item, z.array(item)]);
    return z.union(
      [
        base,
        z.strictObject({ $each: z.string().min(1), $do: items }),
        z.strictObject({ $if: z.string().min(1), $then: items, $else: items.optional() }),
      ],
      error === undefined ? undefined : { error },
    );
  });
  return item;
}

/** An Event, or Events made by `$each` or chosen by `$if` (see {@link StageListItem}). */
export type StageEventItem = StageListItem<z.infer<typeof StageEventSchema>>;

/** One item of `next.events`: see {@link StageEventItem}. */
export const StageEventItemSchema: z.ZodType<StageEventItem> = listItemSchema(StageEventSchema);

/**
 * Output a stage writes to containers' logs when it plays: a template string (one line per
 * line of its text) written to every container running when the stage plays or started by
 * it, or `{ line, container }` for one container (a template string too).
 */
export const StageLogSchema = z.union([
  z.string(),
  z.strictObject({ line: z.string(), container: z.string().min(1).optional() }),
]);

/** One item of `next.logs`: a line, or lines made by `$each` or chosen by `$if` (see {@link StageListItem}). */
export type StageLogItem = StageListItem<z.infer<typeof StageLogSchema>>;

/** One item of `next.logs`: see {@link StageLogItem}. */
export const StageLogItemSchema: z.ZodType<StageLogItem> = listItemSchema(
  StageLogSchema,
  'must be a line (a string), { line, container }, { $each, $do } or { $if, $then, $else }',
);

/**
 * What playing the stage does: a status change (a template), Events (`event`, kwok's one, and
 * `events`, recorded in order after it), container log lines (`logs`), and/or deletion.
 */
export const StageNextSchema = z.strictObject({
  status: z.record(z.string(), z.unknown()).optional(),
  event: StageEventSchema.optional(),
  events: z.array(StageEventItemSchema).optional(),
  logs: z.array(StageLogItemSchema).optional(),
  delete: z.boolean().optional(),
});

/** A stage document: kwok's model of a lifecycle step (selector, delay, next). */
export const StageSchema = z.strictObject({
  apiVersion: z.literal(STAGE_API_VERSION),
  kind: z.literal('Stage'),
  metadata: z.strictObject({
    name: z.string().min(1),
    labels: z.record(z.string(), z.string()).optional(),
    annotations: z.record(z.string(), z.string()).optional(),
  }),
  spec: z.strictObject({
    resourceRef: z.strictObject({ apiGroup: z.literal('v1').optional(), kind: z.enum(['Pod', 'Node']) }),
    selector: StageSelectorSchema.optional(),
    /** Among several stages matching one object, one is picked at random in proportion to weight. */
    weight: z.number().int().min(0).optional(),
    delay: StageDelaySchema.optional(),
    next: StageNextSchema,
  }),
});

/** A stage document as written in YAML. */
export type StageDocument = z.infer<typeof StageSchema>;
/** A stage's selector. */
export type StageSelector = z.infer<typeof StageSelectorSchema>;
/** A stage's delay. */
export type StageDelay = z.infer<typeof StageDelaySchema>;
/** The kinds stages apply to. */
export type StageKind = StageDocument['spec']['resourceRef']['kind'];
