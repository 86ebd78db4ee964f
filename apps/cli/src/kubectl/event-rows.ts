/** Event rows as `kubectl events` prints them: LAST SEEN (with `(xN over M)`), TYPE, REASON, OBJECT, MESSAGE. */
import { humanDuration } from '@wheelhouse/api';
import type { KubeObject } from './objects.js';

/** A core/v1 Event as the verbs read it. */
export interface KubeEvent extends KubeObject {
  involvedObject?: { kind?: string; name?: string; namespace?: string; uid?: string; fieldPath?: string };
  reason?: string;
  message?: string;
  type?: string;
  count?: number;
  firstTimestamp?: string | null;
  lastTimestamp?: string | null;
  eventTime?: string | null;
  series?: { count?: number; lastObservedTime?: string };
  source?: { component?: string; host?: string };
  reportingComponent?: string;
}

/** When the event was last seen (series, lastTimestamp, eventTime, creation), as epoch ms. */
export function lastSeen(e: KubeEvent): number {
  const t = e.series?.lastObservedTime ?? e.lastTimestamp ?? e.eventTime ?? e.metadata?.creationTimestamp;
  return t ? Date.parse(t) : 0;
}

/** `humanDuration` since `t`, or kubectl's `<unknown>` for an unset time. */
function since(t: string | null | undefined, now: number): string {
  return t ? humanDuration(now - Date.parse(t)) : '<unknown>';
}

/**
 * kubectl's interval of an event (`kubectl events` LAST SEEN, describe's Age): the first
 * time (eventTime, else firstTimestamp) for a single event, `5m (x3 over 10m)` for a series
 * or a repeated one.
 */
export function lastSeenText(e: KubeEvent, now: number): string {
  const first = since(e.eventTime || e.firstTimestamp, now);
  if (e.series) return `${since(e.series.lastObservedTime, now)} (x${e.series.count ?? 0} over ${first})`;
  if ((e.count ?? 0) > 1) return `${since(e.lastTimestamp, now)} (x${e.count} over ${first})`;
  return first;
}

/** The cells of one event; NAMESPACE first when `allNamespaces`. */
export function eventCells(e: KubeEvent, now: number, allNamespaces: boolean): string[] {
  const o = e.involvedObject ?? {};
  return [
    ...(allNamespaces ? [e.metadata?.namespace ?? ''] : []),
    lastSeenText(e, now),
    e.type ?? '',
    e.reason ?? '',
    `${o.kind ?? ''}/${o.name ?? ''}`,
    (e.message ?? '').trim(),
  ];
}

/** The headers of `kubectl events`. */
export function eventHeaders(allNamespaces: boolean): string[] {
  return [...(allNamespaces ? ['NAMESPACE'] : []), 'LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'];
}

/** Oldest first, as kubectl events sorts. */
export function byLastSeen(a: KubeEvent, b: KubeEvent): number {
  return lastSeen(a) - lastSeen(b);
}
