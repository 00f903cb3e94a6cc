import { AdapterError, DdlGeneratorBase, isTableObject, tableLabel, type AdapterConnection, type CatalogObject, type DdlOptions, type TableRef } from '@sluice/adapter-kit';
import { isLargeObjectData } from '../data/postgres-large-objects.js';
import { asPgObject } from '../model/postgres-object.js';
import { asPostgres } from '../postgres-connection.js';
import { wrapPgError } from '../postgres-errors.js';
import { qualify } from '../sql/postgres-quote.js';
import { generatePostgresDdl } from './postgres-ddl-generator.js';
import { withIndexBuildMemory } from './postgres-index-build.js';

/** The PostgreSQL DDL part: statements from the model, run in one round trip, and psql scripts. */
export class PostgresDdl extends DdlGeneratorBase {
  /** DDL is transactional: an object's statements roll back together. */
  override get supportsTransactionalDdl(): boolean {
    return true;
  }

  /** `public` exists in every new database (pg_dump never creates it either). */
  override get defaultSchemas(): readonly string[] {
    return ['public'];
  }

  /**
   * As pg_dump's scripts start: function bodies are not checked against objects created later in the
   * script (plpgsql bodies, `%TYPE`), text is UTF-8 with standard strings, and notices stay quiet.
   */
  override get scriptPreamble(): readonly string[] {
    return SCRIPT_PREAMBLE;
  }

  /**
   * A small table's keys are made right after its CREATE TABLE, in the same round trip and
   * transaction, before its rows: for a table of a few rows the index builds after the data cost
   * their own statements (and items) for nothing.
   */
  override get supportsKeysAtCreate(): boolean {
    return true;
  }

  /**
   * Keys of a plain table (not partitioned, not a partition, not foreign: their indexes attach to
   * one another); not a NOT VALID constraint, which must not check the rows as they load.
   */
  override takesKeyAtCreate(table: CatalogObject, key: CatalogObject): boolean {
    if (!isTableObject(table) || table.detail.partitionOf !== undefined) return false;
    if (table.detail.tableKind !== 'regular' && table.detail.tableKind !== 'unlogged') return false;
    if (key.kind !== 'INDEX' && key.kind !== 'CONSTRAINT') return false;
    return !('validated' in key.detail && key.detail.validated === false);
  }

  override withKeysAtCreate(table: CatalogObject, keys: readonly CatalogObject[]): CatalogObject {
    const t = asPgObject(table);
    if (t.kind !== 'TABLE') throw new AdapterError('UNSUPPORTED', `${table.kind} ${table.name} is not a table; keys cannot be made with it`, { object: table.name });
    return { ...t, detail: { ...t.detail, keysAtCreate: [...(t.detail.keysAtCreate ?? []), ...keys] } };
  }

  generateDdl(object: CatalogObject, options: DdlOptions): string[] {
    return generatePostgresDdl(object, options);
  }

  async execute(conn: AdapterConnection, statements: readonly string[], object?: string): Promise<void> {
    const c = asPostgres(conn);
    // Several statements of one object run as one transaction when none is open, so a failure leaves nothing half made.
    const own = statements.length > 1 && !c.inTransaction;
    const context = { action: 'execute DDL for', object: object ?? 'statement', fallback: 'DDL_FAILED' as const, forceFallback: true };
    try {
      // One round trip for all of them: a simple query of several statements runs them in order and
      // stops at the first that fails (each ends at its own `;`, a line of its own after a comment).
      // An index build carries its raise of maintenance_work_mem in the same round trip.
      const sent = statements.map(withIndexBuildMemory);
      const batch = sent.length === 1 ? sent[0]! : sent.map((sql) => `${sql}\n;`).join('\n');
      await c.client.query(own ? `BEGIN;\n${batch}\n;COMMIT` : batch);
    } catch (err) {
      if (own) await c.client.query('ROLLBACK').catch(() => undefined);
      throw wrapPgError(err, context);
    }
  }

  async truncateTable(conn: AdapterConnection, table: TableRef): Promise<void> {
    // Large objects are written piece by piece over what is there: nothing to empty (others stay as they are).
    if (isLargeObjectData(table)) return;
    const c = asPostgres(conn);
    const r = await c.query<{ relkind: string }>(`SELECT c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2`, [table.schema, table.name], {
      action: 'truncate',
      object: tableLabel(table),
    });
    // ONLY keeps inheritance children (tables of their own); a partitioned table is truncated with its partitions.
    const only = r.rows[0]?.relkind === 'p' ? '' : 'ONLY ';
    await c.query(`TRUNCATE ${only}${qualify(table.schema, table.name)}`, [], { action: 'truncate', object: tableLabel(table) });
  }

  async dropTable(conn: AdapterConnection, table: TableRef): Promise<void> {
    if (isLargeObjectData(table)) return;
    const c = asPostgres(conn);
    const context = { action: 'drop', object: tableLabel(table) };
    // A serial column's sequence is owned by its table and would go with it; the SEQUENCE object was
    // created on its own and the table's DDL owns it again, so it is released first (REPLACE).
    const owned = await c.query<{ seq: string }>(
      `SELECT format('%I.%I', sn.nspname, s.relname) AS seq
         FROM pg_depend d JOIN pg_class s ON s.oid = d.objid JOIN pg_namespace sn ON sn.oid = s.relnamespace
         JOIN pg_class t ON t.oid = d.refobjid JOIN pg_namespace tn ON tn.oid = t.relnamespace
        WHERE d.classid = 1259 AND d.refclassid = 1259 AND d.deptype = 'a' AND s.relkind = 'S' AND tn.nspname = $1 AND t.relname = $2`,
      [table.schema, table.name],
      context,
    );
    // Foreign keys of other tables that reference this one are dropped with it, as Oracle's DROP TABLE
    // ... CASCADE CONSTRAINTS does. Not PostgreSQL's CASCADE: that would silently drop dependent views too.
    const referencing = await c.query<{ tbl: string; con: string }>(
      `SELECT format('%I.%I', rn.nspname, r.relname) AS tbl, quote_ident(k.conname) AS con
         FROM pg_constraint k JOIN pg_class r ON r.oid = k.conrelid JOIN pg_namespace rn ON rn.oid = r.relnamespace
        WHERE k.contype = 'f' AND k.conparentid = 0 AND k.conrelid <> k.confrelid
          AND k.confrelid = (SELECT t.oid FROM pg_class t JOIN pg_namespace tn ON tn.oid = t.relnamespace WHERE tn.nspname = $1 AND t.relname = $2)`,
      [table.schema, table.name],
      context,
    );
    const own = owned.rows.length + referencing.rows.length > 0 && !c.inTransaction;
    try {
      if (own) await c.query('BEGIN', [], context);
      for (const { seq } of owned.rows) await c.query(`ALTER SEQUENCE ${seq} OWNED BY NONE`, [], context);
      for (const { tbl, con } of referencing.rows) await c.query(`ALTER TABLE ${tbl} DROP CONSTRAINT ${con}`, [], context);
      await c.query(`DROP TABLE ${qualify(table.schema, table.name)}`, [], context);
      if (own) await c.query('COMMIT', [], context);
    } catch (err) {
      if (own) await c.query('ROLLBACK', [], context).catch(() => undefined);
      throw err;
    }
  }
}

const SCRIPT_PREAMBLE: readonly string[] = [
  'SET statement_timeout = 0',
  "SET client_encoding = 'UTF8'",
  'SET standard_conforming_strings = on',
  'SET check_function_bodies = false',
  'SET client_min_messages = warning',
];
