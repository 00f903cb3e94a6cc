/** One kind of object an adapter carries: its catalog kind and what it covers, in the words `sluice help kinds` prints. */
export interface CarriedObjectKind {
  readonly kind: string;
  readonly covers: string;
}

/** One kind of object an adapter cannot carry yet: the kind the log names it under ("Object type KIND ... was not exported"). */
export interface NotCarriedObjectKind {
  readonly kind: string;
  /** Where an export looks for it: in the exported schemas (or on the exported tables), or database-wide in FULL mode only. */
  readonly scope: 'schema' | 'database';
  /** For a kind that is carried too: when it is not, e.g. "when the exporting user may not read it". */
  readonly when?: string;
}

/** What an adapter's exports carry, and what they name as not exported (an error each: exit 5). */
export interface EngineObjectKinds {
  readonly carried: readonly CarriedObjectKind[];
  readonly notCarried: readonly NotCarriedObjectKind[];
}
