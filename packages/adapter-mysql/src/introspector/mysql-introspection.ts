import { AdapterError, IntrospectorBase, type AdapterConnection, type Catalog, type CatalogObject, type IntrospectScope, type TableRef } from '@sluice/adapter-kit';
import type { MysqlDdl } from '../ddl/mysql-ddl.js';
import { asMysql } from '../mysql-connection.js';
import type { MysqlConnector } from '../mysql-connector.js';
import { toAdapterError } from '../mysql-errors.js';
import { introspectCatalog } from './mysql-introspector.js';
import { maskMysqlSecrets, unmaskMysqlSecrets } from './mysql-secrets.js';

/** The MySQL / MariaDB introspector part: information_schema read set-based, and what exists on a server. */
export class MysqlIntrospection extends IntrospectorBase {
  constructor(
    private readonly connector: MysqlConnector,
    private readonly ddl: MysqlDdl,
  ) {
    super();
  }

  async introspect(conn: AdapterConnection, scope: IntrospectScope): Promise<Catalog> {
    const c = asMysql(conn);
    try {
      return await introspectCatalog(c, scope, await this.connector.serverInfo(c), (o) => this.ddl.generateDdl(o, {}));
    } catch (err) {
      throw toAdapterError(err, { action: 'introspecting' });
    }
  }

  async tableExists(conn: AdapterConnection, table: TableRef): Promise<boolean> {
    const row = await asMysql(conn).textRow('SELECT 1 AS x FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?', [table.schema, table.name]);
    return row !== undefined;
  }

  override async tablesIn(conn: AdapterConnection, schema: string): Promise<readonly string[]> {
    const rows = await asMysql(conn).textRows('SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?', [schema]);
    return rows.map((r) => r['name'] ?? '');
  }

  async schemaExists(conn: AdapterConnection, schema: string): Promise<boolean> {
    const row = await asMysql(conn).textRow('SELECT 1 AS x FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?', [schema]);
    return row !== undefined;
  }

  /** A server definition's password and a table's CONNECTION= password, masked for the master table. */
  override maskSecrets(object: CatalogObject): CatalogObject | undefined {
    return maskMysqlSecrets(object);
  }

  /** A masked object's passwords read again from this server (an import over a network link). */
  override async unmaskSecrets(conn: AdapterConnection, object: CatalogObject): Promise<CatalogObject> {
    try {
      return await unmaskMysqlSecrets(asMysql(conn), object);
    } catch (err) {
      if (err instanceof AdapterError) throw err;
      throw toAdapterError(err, { action: 'reading the secrets of', object: `${object.kind} ${object.name}` });
    }
  }
}
