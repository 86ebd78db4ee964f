/** Stops whatever the bench started, in reverse order, once: at the end, on failure, or on SIGINT/SIGTERM. */

/** A stack of stop functions run last-in first-out. */
export class Cleanup {
  private readonly stops: (() => Promise<void>)[] = [];
  private ran: Promise<void> | undefined;

  /** Registers `stop` to run before everything registered earlier. */
  defer(stop: () => Promise<void>): void {
    this.stops.push(stop);
  }

  /** Runs every stop once, last registered first; a failing stop is reported and the rest still run. */
  run(): Promise<void> {
    this.ran ??= (async () => {
      for (const stop of this.stops.reverse()) {
        await stop().catch((err: unknown) => console.error('cleanup step failed:', err));
      }
    })();
    return this.ran;
  }

  /** On SIGINT or SIGTERM, runs the stops and exits with 128 + the signal's number. */
  onSignals(): void {
    const exit = (code: number) => () => void this.run().finally(() => process.exit(code));
    process.once('SIGINT', exit(130));
    process.once('SIGTERM', exit(143));
  }
}
