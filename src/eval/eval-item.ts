// The per-row shapes shared by the overall and the scenario metrics (kept apart so neither imports the other).

/** The analyzer's decision on one row, as `eval --json` prints it. */
export interface EvalItem {
  readonly id: string;
  readonly predicted: 'threat' | 'not_threat';
  readonly score: number;
  readonly severity: string;
  readonly target_places: readonly string[];
}

/** A flag rate with its counts. */
export interface Rate {
  readonly flagged: number;
  readonly n: number;
  readonly rate: number;
}
