/**
 * The text building blocks of `describe`, as kubectl lays them out: aligned `Key:  value`
 * sections, labels one per line, generic nested fields with camelCase keys spelled as words
 * (`creationTimestamp` -> `Creation Timestamp`), and the Events table at the end.
 */
import { byLastSeen, lastSeenText, type KubeEvent } from './event-rows.js';
import { formatLine, widthsOf } from '../table.js';

/** One `Key: value` line (value undefined: the key opens a nested block); nested lines are indented by the caller. */
export type Field = [key: string, value: string | undefined];

/** Aligned `Key:  value` lines at `indent`, values in one column (kubectl's tabwriter). */
export function fields(list: readonly Field[], indent = 0): string {
  const width = Math.max(0, ...list.filter(([, v]) => v !== undefined).map(([k]) => k.length + 1));
  const pad = ' '.repeat(indent);
  return list.map(([k, v]) => (v === undefined ? `${pad}${k}:\n` : `${pad}${`${k}:`.padEnd(width)}  ${v}\n`)).join('');
}

/** `k=v` lines, the first beside the key and the others aligned under it, or `<none>`. */
export function mapLines(m: Record<string, string> | undefined, column: number): string {
  const entries = Object.entries(m ?? {}).sort(([a], [b]) => (a < b ? -1 : 1));
  if (entries.length === 0) return '<none>';
  return entries.map(([k, v], i) => (i === 0 ? '' : ' '.repeat(column)) + `${k}=${v}`).join('\n');
}

/** `creationTimestamp` -> `Creation Timestamp`, as kubectl's generic describer spells keys. */
export function words(key: string): string {
  const spaced = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** Any JSON value as kubectl's generic describer prints it under a key. */
export function generic(value: unknown, indent: number): string {
  const pad = ' '.repeat(indent);
  if (Array.isArray(value))
    return value
      .map((v) =>
        typeof v === 'object' && v !== null ? generic(v, indent).replace(/^ */, `${pad}`) : `${pad}${String(v)}\n`,
      )
      .join('');
  if (typeof value !== 'object' || value === null) return `${pad}${String(value)}\n`;
  const entries = Object.entries(value as Record<string, unknown>);
  const width = Math.max(0, ...entries.map(([k]) => words(k).length + 1));
  return entries
    .map(([k, v]) =>
      typeof v === 'object' && v !== null
        ? `${pad}${words(k)}:\n${generic(v, indent + 2)}`
        : `${pad}${`${words(k)}:`.padEnd(width)}  ${String(v)}\n`,
    )
    .join('');
}

/** kubectl's `Events:` section: `<none>`, or a table oldest first with AGE as `5m (x3 over 10m)`. */
export function eventsSection(events: readonly KubeEvent[], now: number): string {
  if (events.length === 0) return 'Events:  <none>\n';
  const rows = [...events].sort(byLastSeen).map((e) => {
    const message = (e.message ?? '').trim();
    const fieldPath = e.involvedObject?.fieldPath;
    return [
      e.type ?? '',
      e.reason ?? '',
      lastSeenText(e, now),
      e.source?.component || e.reportingComponent || '',
      fieldPath ? `${fieldPath}: ${message}` : message,
    ];
  });
  const lines = [['Type', 'Reason', 'Age', 'From', 'Message'], ['----', '------', '----', '----', '-------'], ...rows];
  const widths = widthsOf(lines).map((w) => w - 1);
  return `Events:\n${lines.map((l) => `  ${formatLine(l, widths)}`).join('')}`;
}

/** kubectl's time format: `Sat, 05 Dec 2026 16:00:00 +0000`. */
export function describeTime(t: string | undefined): string {
  if (!t) return '<unset>';
  const d = new Date(t);
  return Number.isNaN(d.getTime()) ? t : d.toUTCString().replace('GMT', '+0000');
}
