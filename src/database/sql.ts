/** Collects positional parameters for hand-written SQL: `add` returns the `$n` placeholder. */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** PostgreSQL advisory-lock keys in one place, so no two features pick the same number. */
export const ADVISORY_LOCKS = {
  initialAdmin: 7_301_001,
  organisationHierarchy: 7_301_002,
  /** Compaction of the pipeline ledgers (migration 1795640000000, which inlines the number). */
  pipelineTallies: 7_301_003,
  /** Refreshes of the duplicate pairs (migration 1795750000000, which inlines the number). */
  duplicatePairs: 7_301_004,
} as const;
