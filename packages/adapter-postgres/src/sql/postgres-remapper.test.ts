import { describe, expect, it } from 'vitest';
import { PostgresRemapper, splitQualified } from './postgres-remapper.js';

const remap = new PostgresRemapper({
  remapSchema: new Map([
    ['app', 'shop'],
    ['Mixed Case', 'plain'],
  ]),
  remapTable: new Map([
    ['app.customers', 'clients'],
    ['orders', 'purchases'],
  ]),
  remapTablespace: new Map([['fast', 'slow']]),
});

describe('PostgresRemapper', () => {
  it('maps schema-qualified names, never inside literals, bodies or comments', () => {
    expect(remap.sql(`SELECT app.f(x)::app.mood, 'app.f', $$ app.f $$ /* app.f */ FROM "Mixed Case".t`)).toBe(`SELECT shop.f(x)::shop.mood, 'app.f', $$ app.f $$ /* app.f */ FROM plain.t`);
  });

  it('leaves unqualified names and table.column references alone', () => {
    expect(remap.sql('SELECT c.id, app FROM t c WHERE c.app = 1')).toBe('SELECT c.id, app FROM t c WHERE c.app = 1');
  });

  it('renames tables, keeping the old name as an alias where column references use it', () => {
    expect(remap.sql('SELECT customers.id FROM app.customers WHERE (customers.id > 0)')).toBe('SELECT customers.id FROM shop.clients AS customers WHERE (customers.id > 0)');
    expect(remap.sql('SELECT c.id FROM (app.customers c JOIN app.orders o ON o.c = c.id)')).toBe('SELECT c.id FROM (shop.clients c JOIN shop.purchases o ON o.c = c.id)');
    // A type or trigger target is not a FROM item: no alias.
    expect(remap.sql('CREATE TRIGGER t BEFORE INSERT ON app.customers FOR EACH ROW EXECUTE FUNCTION app.f(app.customers)')).toBe(
      'CREATE TRIGGER t BEFORE INSERT ON shop.clients FOR EACH ROW EXECUTE FUNCTION shop.f(shop.clients)',
    );
  });

  it('maps names inside regclass literals and SET search_path lists', () => {
    expect(remap.sql(`nextval('app.orders_id_seq'::regclass), 'app.customers'::regclass, 'app'::regnamespace`)).toBe(
      `nextval('shop.orders_id_seq'::regclass), 'shop.clients'::regclass, 'shop'::regnamespace`,
    );
    expect(remap.sql(` SET search_path TO 'app', 'public'\nAS $f$ SELECT 1 $f$`)).toBe(` SET search_path TO 'shop', 'public'\nAS $f$ SELECT 1 $f$`);
  });

  it('maps table references, tablespaces, and leaves text unchanged when nothing is remapped', () => {
    expect(remap.table({ schema: 'app', name: 'customers' })).toEqual({ schema: 'shop', name: 'clients' });
    expect(remap.table({ schema: 'other', name: 'orders' })).toEqual({ schema: 'other', name: 'purchases' });
    expect(remap.qualifiedTable('Mixed Case', 'Thing')).toBe('plain."Thing"');
    expect(remap.tablespace('fast')).toBe('slow');
    expect(remap.tablespace(null)).toBeNull();
    expect(new PostgresRemapper({ transforms: { omitTablespace: true } }).tablespace('fast')).toBeNull();
    const text = "SELECT app.x FROM app.customers WHERE 'é' = $$x$$";
    expect(new PostgresRemapper({}).sql(text)).toBe(text);
  });

  it('maps the schema of qualified operators', () => {
    expect(remap.sql("(code OPERATOR(app.===) 'x'::text) AND a OPERATOR(pg_catalog.<) b")).toBe("(code OPERATOR(shop.===) 'x'::text) AND a OPERATOR(pg_catalog.<) b");
    expect(remap.sql('"Mixed Case".<(integer, app.t)')).toBe('plain.<(integer, shop.t)');
  });

  it('splits qualified names', () => {
    expect(splitQualified('"A.b"."c d"')).toEqual(['A.b', 'c d']);
    expect(splitQualified('app.t')).toEqual(['app', 't']);
    expect(splitQualified('not a name')).toEqual(['not a name']);
  });
});
