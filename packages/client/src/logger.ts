import { pino, type Logger } from 'pino';

export type { Logger } from 'pino';

/** The logger a component uses when its options give none: pino at info level, on stdout. */
export function defaultLogger(component: string): Logger {
  return pino({ name: component });
}
