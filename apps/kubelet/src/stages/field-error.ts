/** A problem with one field of a stage (`spec.next.status.phase`), raised while compiling it. */
export class StageFieldError extends Error {
  /** `field` is the dotted path of the field within the stage. */
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${field}: ${problem}`);
    this.name = 'StageFieldError';
  }
}

/** Runs `compile`, turning any error it throws into a {@link StageFieldError} for `field`. */
export function atField<T>(field: string, compile: () => T): T {
  try {
    return compile();
  } catch (err) {
    if (err instanceof StageFieldError) throw err;
    throw new StageFieldError(field, err instanceof Error ? err.message : String(err));
  }
}
