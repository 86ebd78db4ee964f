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

  /**
   * On SIGINT or SIGTERM, runs the stops and exits with 128 + the signal's number. A repeated
   * signal does not cut the stops short: `pkill -f` signals both tsx and the script it runs, and
   * tsx relays its own, so the script gets two; with a one-shot handler the second killed it and
   * left the components it started running.
   */
  onSignals(): void {
    const exit = (code: number) => () => void this.run().finally(() => process.exit(code));
    process.on('SIGINT', exit(130));
    process.on('SIGTERM', exit(143));
  }
}
