export { createMysqlAdapter, MysqlAdapter } from './mysql-adapter.js';
export { MysqlConnection } from './mysql-connection.js';
export { MysqlServerFeatures, MariadbServerFeatures } from './mysql-server-features.js';
export { MYSQL_TSV } from './data/mysql-tsv-format.js';
export type {
  MysqlAutoIncrementDetail,
  MysqlCheckDetail,
  MysqlColumnDef,
  MysqlEventDetail,
  MysqlForeignKeyDetail,
  MysqlGrantDetail,
  MysqlIndexDetail,
  MysqlKeyPart,
  MysqlPackageDetail,
  MysqlPartition,
  MysqlPartitioning,
  MysqlPeriod,
  MysqlProgramContext,
  MysqlRoutineDetail,
  MysqlSchemaDetail,
  MysqlSequenceDetail,
  MysqlSequenceValueDetail,
  MysqlSystemVersioning,
  MysqlTableDetail,
  MysqlTableIndexDetail,
  MysqlTriggerDetail,
  MysqlUserDetail,
  MysqlViewDetail,
} from './model/mysql-details.js';
export { MYSQL_OBJECT_KINDS } from './mysql-object-kinds.js';
