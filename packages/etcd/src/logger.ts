/** The subset of a pino logger the client uses: a fixed message, data in fields. */
export interface EtcdLogger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

const noop = (): void => {};

/** A logger that drops everything (the default). */
export const silentLogger: EtcdLogger = { debug: noop, info: noop, warn: noop, error: noop };
