/** A user trigger of a table that fires on rows loaded into it (DATA_OPTIONS=DISABLE_TRIGGERS). */
export interface TableTrigger {
  readonly name: string;
  /** How it is enabled, in the adapter's own terms, so that turning it on again restores exactly that. */
  readonly enabled: string;
}
