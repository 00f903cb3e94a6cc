import type { TableRef } from '@sluice/adapter-kit';
import type { MysqlConnection } from '../mysql-connection.js';
import { columnsOfRows, dataColumns, type DataColumn } from './mysql-table-columns.js';

/** Tables whose columns one lookup brings in (two information_schema statements, by name). */
const PAGE_TABLES = 256;
/** Pages kept: the one in use, the one before it (the other worker may still be there) and one ahead. */
const PAGES_KEPT = 3;

const keyOf = (t: TableRef): string => `${t.schema}\0${t.name}`;

/**
 * The columns of the tables an export is about to unload, read a page of tables at a time in the
 * order their chunks run: one lookup for 256 tables rather than one per table (thousands of small
 * tables were thousands of information_schema queries). information_schema is filtered by explicit
 * names, so MariaDB opens only those tables' definitions. A table outside the plan, a page whose
 * lookup failed, or a table the page did not find is looked up alone, as before.
 */
export class UnloadColumns {
  #order = new Map<string, number>();
  #tables: readonly TableRef[] = [];
  readonly #pages = new Map<number, Promise<Map<string, DataColumn[]>>>();

  /** The tables to unload, in the order their chunks will most likely run. */
  plan(tables: readonly TableRef[]): void {
    this.#tables = [...tables];
    this.#order = new Map(this.#tables.map((t, i) => [keyOf(t), i]));
    this.#pages.clear();
  }

  /** A table's columns, from its page of the plan (looked up now if not yet), else from a query of its own. */
  async get(conn: MysqlConnection, table: TableRef): Promise<DataColumn[]> {
    const at = this.#order.get(keyOf(table));
    if (at === undefined) return dataColumns(conn, table);
    const page = Math.floor(at / PAGE_TABLES);
    let found = this.#pages.get(page);
    if (found === undefined) {
      found = this.#lookUp(conn, page);
      this.#pages.set(page, found);
      for (const p of this.#pages.keys()) if (p < page - 1 || p > page + PAGES_KEPT - 2) this.#pages.delete(p);
    }
    const columns = await found.then(
      (m) => m.get(keyOf(table)),
      () => undefined,
    );
    return columns === undefined ? dataColumns(conn, table) : [...columns];
  }

  /** Forget what is known of a table (its unload failed: the next attempt looks again). */
  forget(table: TableRef): void {
    this.#order.delete(keyOf(table));
  }

  async #lookUp(conn: MysqlConnection, page: number): Promise<Map<string, DataColumn[]>> {
    const tables = this.#tables.slice(page * PAGE_TABLES, (page + 1) * PAGE_TABLES);
    const bySchema = new Map<string, string[]>();
    for (const t of tables) {
      const names = bySchema.get(t.schema);
      if (names === undefined) bySchema.set(t.schema, [t.name]);
      else names.push(t.name);
    }
    const out = new Map<string, DataColumn[]>();
    const versioning = conn.features.supportsSystemVersioning;
    for (const [schema, names] of bySchema) {
      const rows = await conn.catalogRows(
        `SELECT TABLE_NAME AS t, COLUMN_NAME AS name, DATA_TYPE AS dt, CHARACTER_SET_NAME AS cs, EXTRA AS extra, GENERATION_EXPRESSION AS gen
           FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME IN (?) ORDER BY TABLE_NAME, ORDINAL_POSITION`,
        [schema, names],
      );
      const types = new Map<string, string | null>();
      if (versioning) {
        for (const r of await conn.catalogRows('SELECT TABLE_NAME AS t, TABLE_TYPE AS tt FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME IN (?)', [schema, names])) {
          types.set(r['t'] as string, r['tt'] ?? null);
        }
      }
      // Names compared exactly (information_schema may compare them without regard to case).
      const byTable = new Map<string, typeof rows>();
      for (const r of rows) {
        const name = r['t'] as string;
        const list = byTable.get(name);
        if (list === undefined) byTable.set(name, [r]);
        else list.push(r);
      }
      for (const name of names) {
        const list = byTable.get(name);
        if (list === undefined || (versioning && !types.has(name))) continue;
        out.set(keyOf({ schema, name }), columnsOfRows(list, versioning ? (types.get(name) ?? null) : null, versioning));
      }
    }
    return out;
  }
}
