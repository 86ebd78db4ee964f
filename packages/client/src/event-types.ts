import type { Event, ObjectMeta } from '@wheelhouse/api';

/** The severity kubectl shows in the Type column. */
export type EventType = 'Normal' | 'Warning';

/**
 * A core/v1 Event as the recorder makes it: packages/api's `Event` with the fields kubectl
 * describe reads present (timestamps are RFC 3339 with whole seconds).
 */
export type RecordedEvent = Event &
  Required<
    Pick<
      Event,
      | 'involvedObject'
      | 'reason'
      | 'message'
      | 'source'
      | 'count'
      | 'firstTimestamp'
      | 'lastTimestamp'
      | 'reportingComponent'
      | 'reportingInstance'
    >
  > & { type: EventType; metadata: ObjectMeta & { name: string; namespace: string } };

/** The fields a repeat of an Event changes; sent as a strategic merge patch. */
export interface EventPatch {
  count: number;
  lastTimestamp: string;
  message: string;
}

/**
 * Where the recorder writes Events (backed by the REST client in {@link RestEventSink}).
 * `patch` applies an {@link EventPatch} as application/strategic-merge-patch+json and rejects
 * with a NotFound ApiError when the Event is gone. Both resolve the stored Event.
 */
export interface EventSink {
  create(namespace: string, event: Event): Promise<Event>;
  patch(namespace: string, name: string, patch: EventPatch): Promise<Event>;
}
