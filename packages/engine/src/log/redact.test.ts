import { describe, expect, it } from 'vitest';
import { redact } from './redact.js';

describe('redact on URLs in log lines', () => {
  it('masks the whole password, whatever characters it holds, and nothing after it', () => {
    expect(redact('connect to postgres://bob:p@ss@db:5432/x failed')).toBe('connect to postgres://bob:********@db:5432/x failed');
    expect(redact("'--source=mysql://root:a/b?c#d@127.0.0.1:3306/t' SCHEMAS=hr")).toBe("'--source=mysql://root:********@127.0.0.1:3306/t' SCHEMAS=hr");
    expect(redact('url postgresql://u:%40%25%3A@h/db?application_name=x')).toBe('url postgresql://u:********@h/db?application_name=x');
  });

  it('leaves URLs without a password, and the text around them, as they are', () => {
    const line = 'Job in postgres://app@db:5432/sales, mail dba@example.com at 10:00';
    expect(redact(line)).toBe(line);
    expect(redact('mysql://h:3306/db then user@host:1')).toBe('mysql://h:3306/db then user@host:1');
  });
});

describe('redact on passwords in DDL', () => {
  it('masks a user mapping option and a subscription connection password, and nothing else', () => {
    expect(redact(`CREATE USER MAPPING FOR bob SERVER s OPTIONS ("user" 'bob', password 'it''s secret')`)).toBe(`CREATE USER MAPPING FOR bob SERVER s OPTIONS ("user" 'bob', password '********')`);
    expect(redact(`CREATE SUBSCRIPTION s CONNECTION 'host=h password=s3cret dbname=d' PUBLICATION p`)).toBe(`CREATE SUBSCRIPTION s CONNECTION 'host=h password=******** dbname=d' PUBLICATION p`);
    expect(redact(`CONNECTION 'host=h password=''a b'' dbname=d'`)).toBe(`CONNECTION 'host=h password=******** dbname=d'`);
    expect(redact(`OPTIONS (password_required 'false')`)).toBe(`OPTIONS (password_required 'false')`);
  });

  it("masks a MariaDB server's PASSWORD option and the password of a table's CONNECTION= string (URL, ODBC PWD=)", () => {
    expect(redact("CREATE SERVER `s` FOREIGN DATA WRAPPER `mysql` OPTIONS (HOST 'h', USER 'u', PASSWORD 'it''s', PORT 3307)")).toBe(
      "CREATE SERVER `s` FOREIGN DATA WRAPPER `mysql` OPTIONS (HOST 'h', USER 'u', PASSWORD '********', PORT 3307)",
    );
    expect(redact("ENGINE=FEDERATED CONNECTION='mysql://app:s3cret@h:3307/db/t'")).toBe("ENGINE=FEDERATED CONNECTION='mysql://app:********@h:3307/db/t'");
    expect(redact("ENGINE=CONNECT CONNECTION='DSN=sales;UID=app;PWD=s3cret;' TABLE_TYPE=ODBC")).toBe("ENGINE=CONNECT CONNECTION='DSN=sales;UID=app;PWD=********;' TABLE_TYPE=ODBC");
  });
});
