import { describe, expect, it } from 'vitest';
import type { CatalogObject } from '@sluice/adapter-kit';
import type * as D from '../model/postgres-definition-details.js';
import type { PgTableDetail, PgTypeDetail } from '../model/postgres-details.js';
import { generatePostgresDdl } from './postgres-ddl-generator.js';

function object(kind: CatalogObject['kind'], name: string, detail: object, extra: Partial<CatalogObject> = {}): CatalogObject {
  return { kind, path: '', schema: 'app', name, phase: 'pre-data', dependsOn: [], ddl: '', detail: detail as Record<string, unknown>, ...extra };
}

const toShop = { remapSchema: new Map([['app', 'shop']]) };

describe('operators, operator families and classes', () => {
  it('writes an operator with a commutator and negator named by OPERATOR(schema.op), remapped', () => {
    const op: D.PgOperatorDetail = {
      name: '===',
      function: 'app.text_eq',
      left: 'text',
      right: 'app.tag',
      commutator: { schema: 'app', name: '===' },
      negator: { schema: 'app', name: '!==' },
      restrict: 'eqsel',
      join: 'eqjoinsel',
      merges: true,
      hashes: false,
    };
    expect(generatePostgresDdl(object('OPERATOR', '===(text, app.tag)', op, { owner: 'Boss' }), toShop)).toEqual([
      'CREATE OPERATOR shop.=== (\n    FUNCTION = shop.text_eq,\n    LEFTARG = text,\n    RIGHTARG = shop.tag,\n    COMMUTATOR = OPERATOR(shop.===),\n    NEGATOR = OPERATOR(shop.!==),\n    MERGES,\n    RESTRICT = eqsel,\n    JOIN = eqjoinsel\n)',
      'ALTER OPERATOR shop.=== (text, shop.tag) OWNER TO "Boss"',
    ]);
    const prefix: D.PgOperatorDetail = { name: '@@@', function: 'int4abs', left: null, right: 'integer', merges: false, hashes: false };
    expect(generatePostgresDdl(object('OPERATOR', '@@@(NONE, integer)', prefix, { owner: 'o' }))).toEqual([
      'CREATE OPERATOR app.@@@ (\n    FUNCTION = int4abs,\n    RIGHTARG = integer\n)',
      'ALTER OPERATOR app.@@@ (NONE, integer) OWNER TO o',
    ]);
  });

  it('writes a family with its loose members, and a class with FAMILY only when the family has another name', () => {
    const lt = { schema: 'pg_catalog', name: '<', left: 'integer', right: 'bigint' };
    const family: D.PgOperatorFamilyDetail = {
      name: 'int_fam',
      method: 'btree',
      members: [
        { kind: 'operator', number: 1, operator: lt },
        { kind: 'function', number: 1, function: 'btint48cmp(integer,bigint)', types: { left: 'integer', right: 'bigint' } },
      ],
    };
    expect(generatePostgresDdl(object('OPERATOR_FAMILY', 'int_fam USING btree', family), toShop)).toEqual([
      'CREATE OPERATOR FAMILY shop.int_fam USING btree',
      'ALTER OPERATOR FAMILY shop.int_fam USING btree ADD\n    OPERATOR 1 pg_catalog.<(integer, bigint),\n    FUNCTION 1 (integer, bigint) btint48cmp(integer,bigint)',
    ]);
    const cls: D.PgOperatorClassDetail = {
      name: 'box_ops',
      method: 'gist2',
      default: true,
      type: 'box',
      family: { schema: 'app', name: 'boxes' },
      storage: 'app.box_key',
      members: [{ kind: 'operator', number: 15, operator: { schema: 'app', name: '<->', left: 'box', right: 'point' }, orderBy: 'pg_catalog.float_ops' }],
    };
    expect(generatePostgresDdl(object('OPERATOR_CLASS', 'box_ops USING gist2', cls, { owner: 'o' }), toShop)).toEqual([
      'CREATE OPERATOR CLASS shop.box_ops DEFAULT FOR TYPE box USING gist2 FAMILY shop.boxes AS\n    OPERATOR 15 shop.<->(box, point) FOR ORDER BY pg_catalog.float_ops,\n    STORAGE shop.box_key',
      'ALTER OPERATOR CLASS shop.box_ops USING gist2 OWNER TO o',
    ]);
  });

  it('comments on operators, classes and families name their arguments and access method', () => {
    const comment = (target: object): CatalogObject => object('COMMENT', 'c', { target, text: 'note' });
    expect(generatePostgresDdl(comment({ type: 'OPERATOR', schema: 'app', name: '===', args: 'text, app.tag' }), toShop)).toEqual(["COMMENT ON OPERATOR shop.=== (text, shop.tag) IS 'note'"]);
    expect(generatePostgresDdl(comment({ type: 'OPERATOR CLASS', schema: 'app', name: 'Ops', method: 'hash' }), toShop)).toEqual(['COMMENT ON OPERATOR CLASS shop."Ops" USING hash IS \'note\'']);
  });
});

describe('collations, conversions and text search', () => {
  it('writes ICU and libc collations as pg_dump does', () => {
    const icu: D.PgCollationDetail = { name: 'ci', provider: 'i', deterministic: false, collate: null, ctype: null, locale: 'und-u-ks-level2' };
    expect(generatePostgresDdl(object('COLLATION', 'ci', icu), toShop)).toEqual(["CREATE COLLATION shop.ci (provider = icu, deterministic = false, locale = 'und-u-ks-level2')"]);
    const libc: D.PgCollationDetail = { name: 'mixed', provider: 'c', deterministic: true, collate: 'C', ctype: 'POSIX', locale: null };
    expect(generatePostgresDdl(object('COLLATION', 'mixed', libc))).toEqual(["CREATE COLLATION app.mixed (provider = libc, lc_collate = 'C', lc_ctype = 'POSIX')"]);
    expect(generatePostgresDdl(object('COLLATION', 'c', { ...libc, ctype: 'C' }))).toEqual(["CREATE COLLATION app.mixed (provider = libc, locale = 'C')"]);
  });

  it('writes a default conversion', () => {
    const conv: D.PgConversionDetail = { name: 'conv', from: 'LATIN1', to: 'UTF8', function: 'app.latin_to_utf8', default: true };
    expect(generatePostgresDdl(object('CONVERSION', 'conv', conv), toShop)).toEqual(["CREATE DEFAULT CONVERSION shop.conv FOR 'LATIN1' TO 'UTF8' FROM shop.latin_to_utf8"]);
  });

  it('writes parsers, templates, dictionaries and configurations with their mappings', () => {
    const parser: D.PgTextSearchParserDetail = { name: 'prs', start: 'prsd_start', gettoken: 'prsd_nexttoken', end: 'prsd_end', lextypes: 'prsd_lextype' };
    expect(generatePostgresDdl(object('TEXT_SEARCH_PARSER', 'prs', parser), toShop)[0]).toBe(
      'CREATE TEXT SEARCH PARSER shop.prs (\n    START = prsd_start,\n    GETTOKEN = prsd_nexttoken,\n    END = prsd_end,\n    LEXTYPES = prsd_lextype\n)',
    );
    const template: D.PgTextSearchTemplateDetail = { name: 'tmpl', lexize: 'app.lex' };
    expect(generatePostgresDdl(object('TEXT_SEARCH_TEMPLATE', 'tmpl', template), toShop)).toEqual(['CREATE TEXT SEARCH TEMPLATE shop.tmpl (\n    LEXIZE = shop.lex\n)']);
    const dict: D.PgTextSearchDictionaryDetail = { name: 'dict', template: { schema: 'app', name: 'tmpl' }, options: "stopwords = 'english'" };
    expect(generatePostgresDdl(object('TEXT_SEARCH_DICTIONARY', 'dict', dict), toShop)).toEqual(["CREATE TEXT SEARCH DICTIONARY shop.dict (\n    TEMPLATE = shop.tmpl, stopwords = 'english'\n)"]);
    const cfg: D.PgTextSearchConfigurationDetail = {
      name: 'cfg',
      parser: { schema: 'app', name: 'prs' },
      mappings: [
        { token: 'int', dictionaries: [{ schema: 'pg_catalog', name: 'simple' }] },
        {
          token: 'word',
          dictionaries: [
            { schema: 'app', name: 'dict' },
            { schema: 'pg_catalog', name: 'simple' },
          ],
        },
      ],
    };
    expect(generatePostgresDdl(object('TEXT_SEARCH_CONFIGURATION', 'cfg', cfg, { owner: 'o' }), { ...toShop, transforms: { omitOwner: true } })).toEqual([
      'CREATE TEXT SEARCH CONFIGURATION shop.cfg (\n    PARSER = shop.prs\n)',
      'ALTER TEXT SEARCH CONFIGURATION shop.cfg\n    ADD MAPPING FOR "int" WITH pg_catalog.simple',
      'ALTER TEXT SEARCH CONFIGURATION shop.cfg\n    ADD MAPPING FOR word WITH shop.dict, pg_catalog.simple',
    ]);
  });
});

describe('base and shell types, typed tables', () => {
  it('writes the shell, then the full base type with every property', () => {
    expect(generatePostgresDdl(object('SHELL_TYPE', 'widget', { name: 'widget' }), toShop)).toEqual(['CREATE TYPE shop.widget']);
    const base: D.PgBaseTypeDetail = {
      input: 'app.widget_in',
      output: 'app.widget_out',
      receive: 'app.widget_recv',
      internalLength: 4,
      passedByValue: true,
      alignment: 'i',
      storage: 'p',
      category: 'N',
      preferred: true,
      default: "4'2",
      element: 'integer',
      delimiter: ';',
      collatable: false,
    };
    const detail: PgTypeDetail = { typeKind: 'base', base };
    expect(generatePostgresDdl(object('TYPE', 'widget', detail), toShop)).toEqual([
      "CREATE TYPE shop.widget (\n    INTERNALLENGTH = 4,\n    INPUT = shop.widget_in,\n    OUTPUT = shop.widget_out,\n    RECEIVE = shop.widget_recv,\n    PASSEDBYVALUE,\n    ALIGNMENT = int4,\n    STORAGE = plain,\n    CATEGORY = 'N',\n    PREFERRED = true,\n    DEFAULT = '4''2',\n    ELEMENT = integer,\n    DELIMITER = ';'\n)",
    ]);
    const text = { ...base, internalLength: -1, passedByValue: false, storage: 'x', category: 'U', preferred: false, default: null, delimiter: ',', collatable: true };
    const { element: _e, receive: _r, ...plain } = text;
    expect(generatePostgresDdl(object('TYPE', 'tag', { typeKind: 'base', base: plain }))[0]).toBe(
      'CREATE TYPE app.tag (\n    INTERNALLENGTH = variable,\n    INPUT = app.widget_in,\n    OUTPUT = app.widget_out,\n    ALIGNMENT = int4,\n    STORAGE = extended,\n    COLLATABLE = true\n)',
    );
  });

  it('writes a typed table OF its type, only columns with options, WITH OPTIONS', () => {
    const column = (name: string, ordinal: number, nullable: boolean, dflt: string | null) => ({
      name,
      ordinal,
      type: { kind: 'integer' as const, bytes: 4 as const },
      nativeType: 'integer',
      nullable,
      default: dflt,
      local: true,
      inherited: false,
    });
    const table: PgTableDetail = {
      columns: [column('a', 1, false, null), column('b', 2, true, "'none'::text"), column('c', 3, true, null)],
      keyColumns: [],
      tableKind: 'regular',
      hasData: true,
      inherits: [],
      checks: [],
      ownedSequences: [],
      replicaIdentity: 'd',
      rowSecurity: false,
      forceRowSecurity: false,
      ofType: 'app.pair',
    };
    expect(generatePostgresDdl(object('TABLE', 'pairs', table), toShop)[0]).toBe("CREATE TABLE shop.pairs OF shop.pair (\n    a WITH OPTIONS NOT NULL,\n    b WITH OPTIONS DEFAULT 'none'::text\n)");
    expect(generatePostgresDdl(object('TABLE', 'pairs', { ...table, columns: [column('c', 1, true, null)] }))[0]).toBe('CREATE TABLE app.pairs OF app.pair');
  });
});

describe('casts, languages, access methods and transforms', () => {
  const db = (kind: CatalogObject['kind'], name: string, detail: object, extra: Partial<CatalogObject> = {}): CatalogObject => object(kind, name, detail, { schema: null, ...extra });

  it('writes casts of every method and context, remapped', () => {
    const cast: D.PgCastDetail = { source: 'app.money', target: 'text', method: 'f', function: 'app.money_text(app.money)', context: 'a' };
    expect(generatePostgresDdl(db('CAST', 'app.money AS text', cast), toShop)).toEqual(['CREATE CAST (shop.money AS text) WITH FUNCTION shop.money_text(shop.money) AS ASSIGNMENT']);
    expect(generatePostgresDdl(db('CAST', 'x', { ...cast, method: 'i', context: 'e' }))).toEqual(['CREATE CAST (app.money AS text) WITH INOUT']);
    expect(generatePostgresDdl(db('CAST', 'x', { ...cast, method: 'b', context: 'i' }))).toEqual(['CREATE CAST (app.money AS text) WITHOUT FUNCTION AS IMPLICIT']);
    expect(generatePostgresDdl(db('COMMENT', 'c', { target: { type: 'CAST', schema: null, name: 'app.money', args: 'text' }, text: 'n' }), toShop)).toEqual([
      "COMMENT ON CAST (shop.money AS text) IS 'n'",
    ]);
  });

  it('writes a language with its functions and owner, an access method, a transform', () => {
    const lang: D.PgLanguageDetail = { name: 'pl_x', trusted: true, handler: 'app.h', validator: 'app.v' };
    expect(generatePostgresDdl(db('PROCEDURAL_LANGUAGE', 'pl_x', lang, { owner: 'o' }), toShop)).toEqual([
      'CREATE TRUSTED PROCEDURAL LANGUAGE pl_x HANDLER shop.h VALIDATOR shop.v',
      'ALTER LANGUAGE pl_x OWNER TO o',
    ]);
    expect(generatePostgresDdl(db('ACCESS_METHOD', 'heap2', { name: 'heap2', type: 'TABLE', handler: 'heap_tableam_handler' }))).toEqual([
      'CREATE ACCESS METHOD heap2 TYPE TABLE HANDLER heap_tableam_handler',
    ]);
    const transform: D.PgTransformDetail = { type: 'app.hstore', language: 'plpython3u', fromSql: 'app.from_sql(internal)' };
    expect(generatePostgresDdl(db('TRANSFORM', 'x', transform), toShop)).toEqual(['CREATE TRANSFORM FOR shop.hstore LANGUAGE plpython3u (\n    FROM SQL WITH FUNCTION shop.from_sql(internal)\n)']);
    expect(generatePostgresDdl(db('GRANT', 'g', { target: { type: 'LANGUAGE', schema: null, name: 'pl_x' }, revokes: ['PUBLIC'], grants: [] }))).toEqual(['REVOKE ALL ON LANGUAGE pl_x FROM PUBLIC']);
  });
});
