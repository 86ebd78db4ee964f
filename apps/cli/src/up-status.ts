/**
 * The live status line `wheelhouse up` keeps at the bottom of a terminal while the plane
 * starts: which components are ready, how many nodes are Ready, the time so far; one line
 * rewritten in place (lines printed meanwhile go above it). Not used when stdout is not a
 * terminal: there only the line per component is printed.
 */

/** Where the plane's start stands. */
export interface StartProgress {
  components: ReadonlyArray<{ name: string; ready: boolean }>;
  nodesReady: number;
  nodesWanted: number;
  elapsedMs: number;
}

const SPINNER = '⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏';

/**
 * The status line for `p`, at most `width` characters: every component with ✓ or … when it
 * fits, else a count and the ones still starting, cut with … at the end when even that does
 * not fit. `frame` turns the spinner.
 */
export function renderStatusLine(p: StartProgress, width = 80, frame = 0): string {
  const spin = SPINNER[frame % SPINNER.length]!;
  const tail = ` │ nodes Ready ${p.nodesReady}/${p.nodesWanted} │ ${(p.elapsedMs / 1000).toFixed(1)}s`;
  const full = `${spin} ${p.components.map((c) => `${c.name} ${c.ready ? '✓' : '…'}`).join('  ')}${tail}`;
  if (full.length <= width) return full;
  const ready = p.components.filter((c) => c.ready).length;
  const waiting = p.components.filter((c) => !c.ready).map((c) => c.name);
  const head = `${spin} ready ${ready}/${p.components.length}${waiting.length ? ` (starting: ${waiting.join(', ')})` : ''}`;
  const compact = `${head}${tail}`;
  if (compact.length <= width) return compact;
  const room = Math.max(1, width - tail.length - 1);
  return head.length > room ? `${head.slice(0, room)}…${tail}`.slice(0, width) : compact.slice(0, width);
}

/** A terminal stream, as much of it as the status line needs. */
export interface StatusStream {
  write(text: string): boolean;
  columns?: number;
}

/** Clears the current terminal line and returns the cursor to its start. */
const CLEAR_LINE = '\r\x1b[2K';

/** Redraw period of the status line. */
const REDRAW_MS = 100;

/** The status line on a terminal. */
export class StatusLine {
  private frame = 0;
  private timer: NodeJS.Timeout | undefined;
  private shown = false;

  constructor(
    private readonly stream: StatusStream,
    private readonly progress: () => StartProgress,
  ) {}

  /** Draws the line and redraws it every 100 ms until {@link stop}. */
  start(): void {
    this.draw();
    this.timer = setInterval(() => this.draw(), REDRAW_MS);
    this.timer.unref();
  }

  /** Prints `text` (whole lines) above the status line. */
  print(text: string): void {
    this.stream.write(this.shown ? CLEAR_LINE + text : text);
    this.shown = false;
    if (this.timer) this.draw();
  }

  /** Removes the line; what is printed next starts on a clean line. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.shown) this.stream.write(CLEAR_LINE);
    this.shown = false;
  }

  /** Rewrites the line in place. */
  draw(): void {
    const width = Math.max(20, (this.stream.columns || 80) - 1);
    this.stream.write(CLEAR_LINE + renderStatusLine(this.progress(), width, this.frame++));
    this.shown = true;
  }
}
