import { describe, expect, it } from 'vitest';
import { MysqlRemapper } from './mysql-remapper.js';

const orders = new MysqlRemapper({ remapSchema: new Map([['orders', 'orders_new']]) });
const body = (sql: string): string => orders.body(sql);

describe('MysqlRemapper.body under REMAP_SCHEMA=orders:orders_new', () => {
  it('leaves table.column alone where the table is named like the schema', () => {
    expect(body('SELECT orders.id FROM orders')).toBe('SELECT orders.id FROM orders');
    expect(body('SELECT orders.id, orders.total FROM orders WHERE orders.id > 0 ORDER BY orders.id')).toBe('SELECT orders.id, orders.total FROM orders WHERE orders.id > 0 ORDER BY orders.id');
    expect(body('UPDATE orders SET orders.total = orders.total + 1 WHERE orders.id = NEW.id')).toBe('UPDATE orders SET orders.total = orders.total + 1 WHERE orders.id = NEW.id');
    expect(body('SELECT o.id FROM items o JOIN orders ON orders.id = o.order_id')).toBe('SELECT o.id FROM items o JOIN orders ON orders.id = o.order_id');
    expect(body('SET NEW.v = (SELECT MAX(orders.id) FROM orders)')).toBe('SET NEW.v = (SELECT MAX(orders.id) FROM orders)');
  });

  it('rewrites schema.table where a table stands', () => {
    expect(body('SELECT orders.id FROM orders.orders')).toBe('SELECT orders.id FROM `orders_new`.orders');
    expect(body('SELECT * FROM `orders`.`orders` o JOIN orders.items i ON i.order_id = o.id')).toBe('SELECT * FROM `orders_new`.`orders` o JOIN `orders_new`.items i ON i.order_id = o.id');
    expect(body('SELECT 1 FROM orders.a, orders.b x, other.c WHERE orders.id = 1')).toBe('SELECT 1 FROM `orders_new`.a, `orders_new`.b x, other.c WHERE orders.id = 1');
    expect(body('INSERT INTO orders.log (id, at) SELECT orders.id, NOW() FROM orders.orders')).toBe('INSERT INTO `orders_new`.log (id, at) SELECT orders.id, NOW() FROM `orders_new`.orders');
    expect(body('UPDATE orders.orders, orders.items SET orders.total = 0')).toBe('UPDATE `orders_new`.orders, `orders_new`.items SET orders.total = 0');
    expect(body('DELETE FROM orders.orders WHERE orders.id = 3')).toBe('DELETE FROM `orders_new`.orders WHERE orders.id = 3');
    expect(body('DELETE LOW_PRIORITY QUICK FROM orders.t')).toBe('DELETE LOW_PRIORITY QUICK FROM `orders_new`.t');
    expect(body('DELETE orders FROM orders.orders JOIN orders.items USING (id)')).toBe('DELETE orders FROM `orders_new`.orders JOIN `orders_new`.items USING (id)');
    expect(body('REPLACE INTO orders.t VALUES (orders.id)')).toBe('REPLACE INTO `orders_new`.t VALUES (orders.id)');
    expect(body('SELECT * FROM t LEFT JOIN orders.u ON t.a = orders.b, orders.w')).toBe('SELECT * FROM t LEFT JOIN `orders_new`.u ON t.a = orders.b, `orders_new`.w');
    expect(body('SELECT * FROM t STRAIGHT_JOIN orders.u')).toBe('SELECT * FROM t STRAIGHT_JOIN `orders_new`.u');
    expect(body('SELECT STRAIGHT_JOIN orders.id FROM orders')).toBe('SELECT STRAIGHT_JOIN orders.id FROM orders');
  });

  it('rewrites table lists of DDL in routine bodies', () => {
    expect(body('TRUNCATE TABLE orders.t')).toBe('TRUNCATE TABLE `orders_new`.t');
    expect(body('TRUNCATE orders.t')).toBe('TRUNCATE `orders_new`.t');
    expect(body('DROP TABLE IF EXISTS orders.a, orders.b')).toBe('DROP TABLE IF EXISTS `orders_new`.a, `orders_new`.b');
    expect(body('CREATE TEMPORARY TABLE IF NOT EXISTS orders.tmp LIKE orders.orders')).toBe('CREATE TEMPORARY TABLE IF NOT EXISTS `orders_new`.tmp LIKE `orders_new`.orders');
    expect(body('RENAME TABLE orders.a TO orders.b')).toBe('RENAME TABLE `orders_new`.a TO `orders_new`.b');
    expect(body('LOCK TABLES orders.a READ, orders.b WRITE')).toBe('LOCK TABLES `orders_new`.a READ, `orders_new`.b WRITE');
    expect(body('CREATE TABLE orders.t (a INT, b INT)')).toBe('CREATE TABLE `orders_new`.t (a INT, b INT)');
  });

  it('rewrites information_schema view bodies: three-part columns, two-part tables, nested joins, subqueries', () => {
    const view =
      'select `orders`.`orders`.`id` AS `id`,`orders`.`items`.`qty` AS `qty` from (`orders`.`orders` join `orders`.`items` on(`orders`.`orders`.`id` = `orders`.`items`.`order_id`)) ' +
      'where `orders`.`orders`.`id` in (select `orders`.`refunds`.`id` from `orders`.`refunds`)';
    expect(body(view)).toBe(view.replaceAll('`orders`.`', '`orders_new`.`'));
    expect(body('select `x`.`orders` AS `orders` from (select `orders`.`orders`.`id` AS `orders` from `orders`.`orders`) `x`')).toBe(
      'select `x`.`orders` AS `orders` from (select `orders_new`.`orders`.`id` AS `orders` from `orders_new`.`orders`) `x`',
    );
    expect(body('SELECT orders.orders.* FROM orders.orders')).toBe('SELECT `orders_new`.orders.* FROM `orders_new`.orders');
    expect(body('SELECT orders.* FROM orders')).toBe('SELECT orders.* FROM orders');
  });

  it('rewrites calls and sequences, not a FROM that takes a value', () => {
    expect(body('SELECT orders.total(orders.id) FROM orders')).toBe('SELECT `orders_new`.total(orders.id) FROM orders');
    expect(body('CALL orders.refresh')).toBe('CALL `orders_new`.refresh');
    expect(body('CALL orders.refresh(orders.id)')).toBe('CALL `orders_new`.refresh(orders.id)');
    expect(body('nextval(`orders`.`ids`)')).toBe('nextval(`orders_new`.`ids`)');
    expect(body('SET NEW.id = NEXT VALUE FOR orders.ids')).toBe('SET NEW.id = NEXT VALUE FOR `orders_new`.ids');
    expect(body('SELECT PREVIOUS VALUE FOR orders.ids, SETVAL(orders.ids, 5)')).toBe('SELECT PREVIOUS VALUE FOR `orders_new`.ids, SETVAL(`orders_new`.ids, 5)');
    expect(body('SELECT EXTRACT(YEAR FROM orders.created), TRIM(LEADING 0 FROM orders.code) FROM orders')).toBe(
      'SELECT EXTRACT(YEAR FROM orders.created), TRIM(LEADING 0 FROM orders.code) FROM orders',
    );
  });

  it('keeps strings, comments and statements apart', () => {
    expect(body("SELECT 'FROM orders.orders' FROM orders.t -- FROM orders.x\n")).toBe("SELECT 'FROM orders.orders' FROM `orders_new`.t -- FROM orders.x\n");
    expect(body('BEGIN SELECT a FROM orders.t; SET x = orders.id, y = 2; SELECT b FROM orders.u, orders.v; END')).toBe(
      'BEGIN SELECT a FROM `orders_new`.t; SET x = orders.id, y = 2; SELECT b FROM `orders_new`.u, `orders_new`.v; END',
    );
    expect(body('INSERT INTO orders.t (a) VALUES (1) ON DUPLICATE KEY UPDATE orders.a = 2')).toBe('INSERT INTO `orders_new`.t (a) VALUES (1) ON DUPLICATE KEY UPDATE orders.a = 2');
    expect(body('SELECT a FROM orders.t FOR UPDATE')).toBe('SELECT a FROM `orders_new`.t FOR UPDATE');
    expect(body('SELECT a FROM orders.t WHERE orders.a LIKE orders.b')).toBe('SELECT a FROM `orders_new`.t WHERE orders.a LIKE orders.b');
    expect(body('DECLARE c CURSOR FOR SELECT orders.id FROM orders.orders, orders.items')).toBe('DECLARE c CURSOR FOR SELECT orders.id FROM `orders_new`.orders, `orders_new`.items');
  });

  it('applies REMAP_TABLE to the table part of schema.table and schema.table.column only', () => {
    const r = new MysqlRemapper({ remapSchema: new Map([['shop', 'shop2']]), remapTable: new Map([['shop.orders', 'sales']]) });
    expect(r.body('SELECT `shop`.`orders`.`id` FROM `shop`.`orders` WHERE orders.id = 1')).toBe('SELECT `shop2`.`sales`.`id` FROM `shop2`.`sales` WHERE orders.id = 1');
    expect(r.body('SELECT shop.orders FROM shop')).toBe('SELECT shop.orders FROM shop');
  });

  it('reads every two-part name of a trigger header as schema.object', () => {
    expect(orders.names('TRIGGER orders.trg BEFORE INSERT ON orders.orders FOR EACH ROW ')).toBe('TRIGGER `orders_new`.trg BEFORE INSERT ON `orders_new`.orders FOR EACH ROW ');
  });

  it('changes nothing when nothing is remapped', () => {
    const none = new MysqlRemapper({});
    expect(none.body('SELECT orders.id FROM orders.orders')).toBe('SELECT orders.id FROM orders.orders');
  });
});
