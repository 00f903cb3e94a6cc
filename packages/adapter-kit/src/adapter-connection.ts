/**
 * One open connection (session) to a database, as an adapter hands it out. Opaque to the engine,
 * which only passes it back into the same adapter. An adapter's own class carries the driver object.
 */
export interface AdapterConnection {
  /** A short id for logs and the master table's worker column, e.g. the backend pid. */
  readonly id: string;
  /** True once closed or dropped. */
  readonly closed: boolean;
  close(): Promise<void>;
}
