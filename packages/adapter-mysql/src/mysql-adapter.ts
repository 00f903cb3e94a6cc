import type { Adapter, ConnectionOptions } from '@sluice/adapter-kit';
import { MysqlCrossEngine } from './cross-engine/mysql-cross-engine.js';
import { MysqlDataMover } from './data/mysql-data-mover.js';
import { MysqlDdl } from './ddl/mysql-ddl.js';
import { MysqlIntrospection } from './introspector/mysql-introspection.js';
import { MysqlMasterDialect } from './master-table/mysql-master-dialect.js';
import { MysqlConnector } from './mysql-connector.js';
import type { MysqlServerFeatures } from './mysql-server-features.js';

/**
 * The MySQL / MariaDB adapter: one server and database, reached with mysql2. It only wires the parts;
 * what differs between MariaDB and MySQL, and between their versions, lives in MysqlServerFeatures,
 * which the connector learns from the server.
 */
export class MysqlAdapter implements Adapter {
  readonly name = 'mysql';
  readonly connector: MysqlConnector;
  readonly introspector: MysqlIntrospection;
  readonly ddl: MysqlDdl;
  readonly data = new MysqlDataMover();
  readonly masterTable: MysqlMasterDialect;
  readonly crossEngine = new MysqlCrossEngine();

  constructor(options: ConnectionOptions) {
    this.connector = new MysqlConnector(options);
    const features = (): MysqlServerFeatures | undefined => this.connector.features;
    this.ddl = new MysqlDdl(features);
    this.introspector = new MysqlIntrospection(this.connector, this.ddl);
    this.masterTable = new MysqlMasterDialect(features);
  }

  /** What the server can do, once a connection has been opened (undefined before). */
  get features(): MysqlServerFeatures | undefined {
    return this.connector.features;
  }

  close(): Promise<void> {
    return this.connector.close();
  }
}

/** The adapter factory: `createMysqlAdapter({ url: 'mysql://root@127.0.0.1:3306/test' })`; accepts mysql:// and mariadb:// URLs. */
export function createMysqlAdapter(options: ConnectionOptions): MysqlAdapter {
  return new MysqlAdapter(options);
}
