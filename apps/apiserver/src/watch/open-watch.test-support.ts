/** A raw watch client for this package's tests: events as they arrive, and how the stream ended. */
import { get, type IncomingMessage } from 'node:http';

/** One watch event as sent. */
export interface Ev {
  type: string;
  object: {
    kind?: string;
    metadata: { name?: string; resourceVersion?: string };
    code?: number;
    reason?: string;
    message?: string;
    rows?: Array<{ cells: unknown[] }>;
  };
}

/** An open watch: events as they arrive, and whether the server ended the stream. */
export interface OpenWatch {
  res: IncomingMessage;
  events: Ev[];
  ended: Promise<void>;
  until(n: number, ms?: number): Promise<Ev[]>;
  close(): void;
}

/** Opens a watch at `url` (a full URL with `watch=true`). */
export function openWatch(url: string, headers: Record<string, string> = {}): Promise<OpenWatch> {
  return new Promise((resolve, reject) => {
    const req = get(url, { headers }, (res) => {
      const events: Ev[] = [];
      let buf = '';
      res.on('data', (d: Buffer) => {
        buf += d.toString();
        const lines = buf.split('\n');
        buf = lines.pop() ?? '';
        for (const l of lines) if (l.trim()) events.push(JSON.parse(l) as Ev);
      });
      const ended = new Promise<void>((r) => res.on('close', () => r()));
      const until = async (n: number, ms = 5000): Promise<Ev[]> => {
        const deadline = Date.now() + ms;
        while (events.length < n) {
          if (Date.now() > deadline)
            throw new Error(`only ${events.length} of ${n} events: ${JSON.stringify(events.map((e) => e.type))}`);
          await new Promise((r) => setTimeout(r, 10));
        }
        return events;
      };
      resolve({ res, events, ended, until, close: () => req.destroy() });
    });
    req.on('error', reject);
  });
}
