/** Points at the object an Event is about (core/v1 ObjectReference). */
export interface ObjectReference {
  kind?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  apiVersion?: string;
  resourceVersion?: string;
  fieldPath?: string;
}

/** Who reported an Event; kubectl describe shows `component` in the From column. */
export interface EventSource {
  component?: string;
  host?: string;
}

/** The severity kubectl shows in the Type column. */
export type EventType = 'Normal' | 'Warning';

/** A core/v1 Event with the fields kubectl describe reads. */
export interface CoreEvent {
  apiVersion: 'v1';
  kind: 'Event';
  metadata: { name: string; namespace: string; resourceVersion?: string; [key: string]: unknown };
  involvedObject: ObjectReference;
  reason: string;
  message: string;
  type: EventType;
  source: EventSource;
  count: number;
  /** RFC 3339, whole seconds. */
  firstTimestamp: string;
  /** RFC 3339, whole seconds. */
  lastTimestamp: string;
  eventTime: null;
  reportingComponent: string;
  reportingInstance: string;
}

/** The fields a repeat of an Event changes; sent as a strategic merge patch. */
export interface EventPatch {
  count: number;
  lastTimestamp: string;
  message: string;
}

/**
 * Where the recorder writes Events (to be backed by the REST client). `patch` applies an
 * {@link EventPatch} as application/strategic-merge-patch+json and rejects with a NotFound
 * ApiError when the Event is gone. Both resolve the stored Event.
 */
export interface EventSink {
  create(namespace: string, event: CoreEvent): Promise<CoreEvent>;
  patch(namespace: string, name: string, patch: EventPatch): Promise<CoreEvent>;
}
