/** Turns pino JSON log lines into one readable line each: time, level, message, then the fields. */

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

/** Fields every record has, left out of the key=value tail. */
const OMITTED = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'v']);

function value(v: unknown): string {
  if (typeof v === 'string') return /[\s"=]/.test(v) ? JSON.stringify(v) : v;
  return JSON.stringify(v);
}

/**
 * One record as `13:05:01.123 INFO  msg key=value ...` (an error's message, not its stack);
 * a line that is not a JSON record is returned as it is.
 */
export function formatLogLine(line: string): string {
  if (!line.startsWith('{')) return line;
  let rec: Record<string, unknown>;
  try {
    rec = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  const time = typeof rec.time === 'number' ? new Date(rec.time).toISOString().slice(11, 23) : '';
  const level = (LEVELS[rec.level as number] ?? String(rec.level ?? '')).padEnd(5);
  const fields = Object.entries(rec)
    .filter(([k]) => !OMITTED.has(k))
    .map(([k, v]) => {
      const err = v as { message?: unknown } | null;
      return `${k}=${value(k === 'err' && err && typeof err === 'object' && 'message' in err ? err.message : v)}`;
    });
  return [time, level, String(rec.msg ?? ''), ...fields].filter((s) => s !== '').join(' ');
}
