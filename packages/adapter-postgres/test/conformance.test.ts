import { defineConformanceSuite } from '@sluice/adapter-kit/conformance';
import { createPostgresAdapter } from '@sluice/adapter-postgres';
import { createScratchDatabase } from './support/scratch-database.js';

defineConformanceSuite({
  name: 'postgres',
  createAdapter: createPostgresAdapter,
  async createScratchDatabase() {
    const db = await createScratchDatabase();
    return { options: { url: db.url, applicationName: 'sluice conformance' }, schema: 'conformance', drop: db.drop };
  },
  fixtureSql: (schema) => {
    const s = `"${schema}"`;
    return [
      `CREATE SCHEMA IF NOT EXISTS ${s}`,
      `CREATE SEQUENCE ${s}.counter START 5`,
      `SELECT setval('${s}.counter', 42)`,
      `CREATE TABLE ${s}.items (
         id integer PRIMARY KEY, label text, note varchar(40), data bytea, amount numeric(12,3), ratio float8,
         at timestamptz, flags boolean[], doc jsonb, twice integer GENERATED ALWAYS AS (id * 2) STORED
       )`,
      `INSERT INTO ${s}.items (id, label, note, data, amount, ratio, at, flags, doc)
       SELECT g,
              CASE g % 5 WHEN 0 THEN NULL WHEN 1 THEN '' WHEN 2 THEN E'tab\\there\\nnew "q" \\\\ back''s' WHEN 3 THEN 'ünïcödé 🎉 ' || g ELSE 'plain ' || g END,
              CASE WHEN g % 3 = 0 THEN '\\N' ELSE left(md5(g::text), 20) END,
              CASE WHEN g % 11 = 0 THEN NULL ELSE decode(md5(g::text) || '000a095c', 'hex') END,
              g * 1.5,
              CASE WHEN g % 97 = 0 THEN 'NaN' WHEN g % 89 = 0 THEN '-Infinity' WHEN g % 83 = 0 THEN '-0' ELSE g / 7.0 END,
              CASE WHEN g = 1 THEN 'infinity' ELSE '2020-01-01 00:00:00.000001+00'::timestamptz + g * interval '1 minute 1 microsecond' END,
              ARRAY[g % 2 = 0, NULL],
              jsonb_build_object('g', g, 'nested', jsonb_build_array(g, NULL, E'x\\ty'))
         FROM generate_series(1, 3000) g`,
      `CREATE INDEX items_label_idx ON ${s}.items (label)`,
      `CREATE TABLE ${s}.plain (word text, n integer, at date)`,
      `INSERT INTO ${s}.plain SELECT 'w' || (g % 500), g % 17, DATE '2000-01-01' + g FROM generate_series(1, 2500) g`,
      `INSERT INTO ${s}.plain SELECT word, n, at FROM ${s}.plain ORDER BY word, n, at LIMIT 20`,
      `CREATE INDEX plain_word_idx ON ${s}.plain (word)`,
      `CREATE VIEW ${s}.items_view AS SELECT id, label FROM ${s}.items WHERE id % 2 = 0`,
      `ANALYZE ${s}.items`,
      `ANALYZE ${s}.plain`,
    ];
  },
  query: { where: 'id <= 10', rows: 10 },
  triggerSql: (schema) => [
    `CREATE TABLE "${schema}".marked (id integer PRIMARY KEY, v text)`,
    `CREATE FUNCTION "${schema}".marked_upper() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN NEW.v := upper(NEW.v); RETURN NEW; END$$`,
    `CREATE TRIGGER marked_upper BEFORE INSERT ON "${schema}".marked FOR EACH ROW EXECUTE FUNCTION "${schema}".marked_upper()`,
  ],
});
