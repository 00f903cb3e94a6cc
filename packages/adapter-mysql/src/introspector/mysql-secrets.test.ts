import type { CatalogObject } from '@sluice/adapter-kit';
import { OBJECT_PATHS } from '@sluice/adapter-kit';
import { describe, expect, it } from 'vitest';
import type { MysqlServerDetail } from '../model/mysql-details.js';
import { connectionServer } from './mysql-introspect-servers.js';
import { maskConnectionString, maskMysqlSecrets, SECRET_MASK } from './mysql-secrets.js';

const server = (detail: Partial<MysqlServerDetail>): CatalogObject => ({
  kind: 'SERVER',
  path: OBJECT_PATHS.SERVER,
  schema: null,
  name: 'remote one',
  phase: 'pre-data',
  dependsOn: [],
  ddl: '',
  detail: { wrapper: 'mysql', host: 'h.example', database: 'db', user: 'u', password: '', port: 0, socket: '', owner: '', ...detail },
});

const table = (ddl: string): CatalogObject => ({ kind: 'TABLE', path: OBJECT_PATHS.TABLE, schema: 's', name: 't', phase: 'pre-data', dependsOn: [], ddl, detail: {} });

describe('MariaDB secrets masked for the master table', () => {
  it("a server's password: masked in its detail and its CREATE SERVER; a server without one is left alone", () => {
    const masked = maskMysqlSecrets(server({ password: "p'w\\x", port: 3307 }));
    expect(masked).toBeDefined();
    expect(masked?.detail).toMatchObject({ password: SECRET_MASK });
    expect(masked?.ddl).toBe("CREATE SERVER `remote one` FOREIGN DATA WRAPPER `mysql` OPTIONS (HOST 'h.example', DATABASE 'db', USER 'u', PASSWORD '********', PORT 3307)");
    expect(maskMysqlSecrets(server({}))).toBeUndefined();
  });

  it('connection strings: a URL password, ODBC PWD= and PASSWORD= (braced too); a server name holds none', () => {
    expect(maskConnectionString('mysql://app:s3cret@db.example:3306/sales/orders')).toBe('mysql://app:********@db.example:3306/sales/orders');
    expect(maskConnectionString('DSN=sales;UID=app;PWD=s3cret;')).toBe('DSN=sales;UID=app;PWD=********;');
    expect(maskConnectionString('Driver=x;Password={s;3}')).toBe('Driver=x;Password=********');
    expect(maskConnectionString('remote_one/orders')).toBe('remote_one/orders');
  });

  it("a table's CONNECTION= in its SHOW CREATE TABLE text is masked (a quote doubled inside it too); a table without one is left alone", () => {
    const ddl = "CREATE TABLE `t` (\n  `id` int(11) DEFAULT NULL\n) ENGINE=FEDERATED DEFAULT CHARSET=utf8mb4 CONNECTION='mysql://app:it''s-s3cret@h/db/t'";
    expect(maskMysqlSecrets(table(ddl))?.ddl).toBe("CREATE TABLE `t` (\n  `id` int(11) DEFAULT NULL\n) ENGINE=FEDERATED DEFAULT CHARSET=utf8mb4 CONNECTION='mysql://app:********@h/db/t'");
    const withOptions = { ...table("x) CONNECTION='mysql://app:s3cret@h/db/t'"), detail: { options: { ENGINE: 'FEDERATED', CONNECTION: "'mysql://app:s3cret@h/db/t'" } } };
    expect(maskMysqlSecrets(withOptions)?.detail).toEqual({ options: { ENGINE: 'FEDERATED', CONNECTION: "'mysql://app:********@h/db/t'" } });
    expect(maskMysqlSecrets(table("CREATE TABLE `t` (\n  `id` int\n) ENGINE=FEDERATED CONNECTION='remote_one/t'"))).toBeUndefined();
    expect(maskMysqlSecrets(table('CREATE TABLE `t` (\n  `id` int\n) ENGINE=InnoDB'))).toBeUndefined();
  });

  it('the server a CONNECTION= names', () => {
    expect(connectionServer("x) ENGINE=FEDERATED CONNECTION='remote_one/orders'")).toBe('remote_one');
    expect(connectionServer("x) ENGINE=SPIDER CONNECTION='remote_one'")).toBe('remote_one');
    expect(connectionServer("x) CONNECTION='mysql://u:p@h/db/t'")).toBeUndefined();
    expect(connectionServer('x) ENGINE=InnoDB')).toBeUndefined();
  });
});
