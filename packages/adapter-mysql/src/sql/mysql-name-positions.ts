import type { SqlToken } from './mysql-sql-lexer.js';

/** What a name standing at a position is: a table (view, sequence) or a stored routine. */
export type NamePosition = 'table' | 'routine';

/** Words that may stand between a keyword and the table it introduces (`DELETE QUICK FROM`, `DROP TABLE IF EXISTS`). */
const MODIFIERS = new Set(['IF', 'NOT', 'EXISTS', 'LOW_PRIORITY', 'HIGH_PRIORITY', 'DELAYED', 'IGNORE', 'QUICK', 'TEMPORARY']);

/** Words that end a table list (FROM, UPDATE, TABLE ...) at their parenthesis depth. */
const LIST_ENDS = new Set([
  'WHERE',
  'GROUP',
  'HAVING',
  'ORDER',
  'LIMIT',
  'UNION',
  'EXCEPT',
  'INTERSECT',
  'SET',
  'VALUES',
  'WINDOW',
  'RETURNING',
  'PROCEDURE',
  'LOCK',
  'INSERT',
  'REPLACE',
  'RETURN',
  'BEGIN',
  'END',
  'THEN',
  'ELSE',
  'DO',
  'OFFSET',
  'FETCH',
]);

/** Sequence functions whose first argument is a sequence. */
const SEQUENCE_FUNCTIONS = new Set(['NEXTVAL', 'LASTVAL', 'SETVAL']);

/**
 * One parenthesis depth: whether a SELECT or DELETE began here (a FROM here lists tables), and the
 * table list a comma continues here: after FROM/JOIN/UPDATE, after TABLE (where LIKE and TO name
 * tables too), after DELETE (where USING does), or none.
 */
interface Level {
  selects: boolean;
  list: '' | 'from' | 'tables' | 'delete';
}

const significant = (t: SqlToken): boolean => t.type !== 'space' && t.type !== 'comment';

/**
 * The positions in SQL text where a name is a table or a routine, by the index of the name's first
 * token: after FROM (of a SELECT or DELETE), JOIN, INTO, UPDATE, TABLE, a comma in a table list,
 * `NEXT VALUE FOR`, in `nextval(...)`, after CALL. Elsewhere (select list, WHERE, ON, SET) a
 * two-part name `x.y` is a table's column, and a REMAP_SCHEMA must not touch it.
 */
export function namePositions(tokens: readonly SqlToken[]): Map<number, NamePosition> {
  const out = new Map<number, NamePosition>();
  let levels: Level[] = [{ selects: false, list: '' }];
  let expect: NamePosition | null = null;
  let previous: SqlToken | undefined;
  const previousWord = (): string => (previous?.type === 'word' ? previous.text.toUpperCase() : '');
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as SqlToken;
    if (!significant(t)) continue;
    const level = levels[levels.length - 1] as Level;
    const inDottedName = previous?.text === '.' || tokens[i + 1]?.text === '.';
    if (t.type === 'word' && !inDottedName) {
      const w = t.text.toUpperCase();
      const keyword = keywordEffect(w, previousWord(), level, expect);
      if (keyword !== undefined) {
        expect = keyword;
        previous = t;
        continue;
      }
    }
    if (t.type === 'word' || t.type === 'ident') {
      if (previous?.text !== '.') {
        if (expect !== null) out.set(i, expect);
        expect = null;
      }
    } else if (t.text === '(') {
      const table: boolean = expect === 'table' || (previous?.type === 'word' && SEQUENCE_FUNCTIONS.has(previousWord()));
      levels.push({ selects: false, list: expect === 'table' ? 'from' : '' });
      expect = table ? 'table' : null;
    } else if (t.text === ')') {
      if (levels.length > 1) levels.pop();
      expect = null;
    } else if (t.text === ',') {
      expect = level.list !== '' ? 'table' : null;
    } else if (t.text === ';') {
      levels = [{ selects: false, list: '' }];
      expect = null;
    } else if (t.text !== '.') {
      expect = null;
    }
    previous = t;
  }
  return out;
}

/** What a keyword makes of the next name (undefined: the word is not a keyword here, but a name). */
function keywordEffect(w: string, before: string, level: Level, expect: NamePosition | null): NamePosition | null | undefined {
  if (expect !== null && MODIFIERS.has(w)) return expect;
  switch (w) {
    case 'SELECT':
      level.selects = true;
      level.list = '';
      return null;
    case 'DELETE':
      // DELETE t1, t2 FROM ..., DELETE FROM t
      level.selects = true;
      level.list = 'delete';
      return 'table';
    case 'FROM':
      // EXTRACT(YEAR FROM t.d), TRIM(x FROM t.s): a FROM without a SELECT at its depth takes a value.
      if (!level.selects) return null;
      if (level.list !== 'delete') level.list = 'from';
      return 'table';
    case 'JOIN':
      return 'table';
    case 'STRAIGHT_JOIN':
      return before === 'SELECT' ? null : 'table';
    case 'INTO':
      level.list = '';
      return 'table';
    case 'UPDATE':
      // ON DUPLICATE KEY UPDATE a = t.b, FOR UPDATE
      if (before === 'KEY' || before === 'FOR') {
        level.list = '';
        return null;
      }
      level.list = 'from';
      return 'table';
    case 'TABLE':
    case 'TABLES':
      level.list = 'tables';
      return 'table';
    case 'TRUNCATE':
      return 'table';
    case 'CALL':
      return 'routine';
    case 'TO':
    case 'LIKE':
      // RENAME TABLE a TO b, CREATE TABLE a LIKE b; elsewhere (ON a.x LIKE b.y) an operator.
      return level.list === 'tables' ? 'table' : null;
    case 'USING':
      // DELETE FROM a USING a, b; JOIN ... USING (column) elsewhere.
      return level.list === 'delete' ? 'table' : null;
    case 'FOR':
      // NEXT VALUE FOR s, PREVIOUS VALUE FOR s; FOR UPDATE, CURSOR FOR SELECT
      if (before === 'VALUE') return 'table';
      level.list = '';
      return null;
    default:
      if (!LIST_ENDS.has(w)) return undefined;
      level.list = '';
      return null;
  }
}
