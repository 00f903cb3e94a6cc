// Details of PostgreSQL's definition objects: operators, operator classes and families, casts,
// collations, conversions, text search objects, base and shell types, procedural languages, access
// methods and transforms. Function and type names are SQL text printed by the server with an empty
// search_path (`regproc`, `regprocedure`, `format_type`), so user objects are schema-qualified and
// REMAP_SCHEMA rewrites them as it does every other SQL fragment.

/** An operator named by schema and symbol, with its argument types (`format_type` text; `NONE` for a prefix operator's left). */
export interface PgOperatorRef {
  readonly schema: string;
  readonly name: string;
  readonly left: string;
  readonly right: string;
}

/** OPERATOR detail (CREATE OPERATOR). */
export interface PgOperatorDetail {
  readonly name: string;
  /** The implementing function (`regproc` text). */
  readonly function: string;
  /** Argument types; null for the missing side of a prefix operator. */
  readonly left: string | null;
  readonly right: string;
  readonly commutator?: { readonly schema: string; readonly name: string };
  readonly negator?: { readonly schema: string; readonly name: string };
  readonly restrict?: string;
  readonly join?: string;
  readonly merges: boolean;
  readonly hashes: boolean;
}

/** One member of an operator class or family: OPERATOR n op(lt, rt) [FOR ORDER BY f] or FUNCTION n (lt, rt) f(args). */
export type PgOpclassMember =
  | { readonly kind: 'operator'; readonly number: number; readonly operator: PgOperatorRef; readonly orderBy?: string }
  | { readonly kind: 'function'; readonly number: number; readonly function: string; readonly types?: { readonly left: string; readonly right: string } };

/** OPERATOR_FAMILY detail: CREATE OPERATOR FAMILY, then its loose members (ALTER OPERATOR FAMILY ... ADD). */
export interface PgOperatorFamilyDetail {
  readonly name: string;
  readonly method: string;
  readonly members: readonly PgOpclassMember[];
}

/** OPERATOR_CLASS detail. */
export interface PgOperatorClassDetail {
  readonly name: string;
  readonly method: string;
  readonly default: boolean;
  /** The indexed type (`format_type` text). */
  readonly type: string;
  /** The family when its name is not the class's own (`schema.family`, quoted). */
  readonly family?: { readonly schema: string; readonly name: string };
  /** STORAGE type when it differs from the indexed type. */
  readonly storage?: string;
  readonly members: readonly PgOpclassMember[];
}

/** CAST detail. */
export interface PgCastDetail {
  readonly source: string;
  readonly target: string;
  /** f: WITH FUNCTION, i: WITH INOUT, b: WITHOUT FUNCTION. */
  readonly method: 'f' | 'i' | 'b';
  /** The function with its argument types (`regprocedure` text). */
  readonly function?: string;
  /** e: explicit only, a: AS ASSIGNMENT, i: AS IMPLICIT. */
  readonly context: 'e' | 'a' | 'i';
}

/** COLLATION detail. */
export interface PgCollationDetail {
  readonly name: string;
  /** c: libc, i: icu, d: default. */
  readonly provider: string;
  readonly deterministic: boolean;
  readonly collate: string | null;
  readonly ctype: string | null;
  /** ICU locale. */
  readonly locale: string | null;
  readonly icuRules?: string;
}

/** CONVERSION detail. */
export interface PgConversionDetail {
  readonly name: string;
  readonly from: string;
  readonly to: string;
  /** The function (`regproc` text). */
  readonly function: string;
  readonly default: boolean;
}

/** TEXT_SEARCH_PARSER detail: its functions (`regproc` text). */
export interface PgTextSearchParserDetail {
  readonly name: string;
  readonly start: string;
  readonly gettoken: string;
  readonly end: string;
  readonly lextypes: string;
  readonly headline?: string;
}

/** TEXT_SEARCH_TEMPLATE detail. */
export interface PgTextSearchTemplateDetail {
  readonly name: string;
  readonly init?: string;
  readonly lexize: string;
}

/** TEXT_SEARCH_DICTIONARY detail. */
export interface PgTextSearchDictionaryDetail {
  readonly name: string;
  readonly template: { readonly schema: string; readonly name: string };
  /** The template's options as stored (`language = 'english', stopwords = 'english'`), or null. */
  readonly options: string | null;
}

/** TEXT_SEARCH_CONFIGURATION detail: its parser and token mappings (dictionaries in order). */
export interface PgTextSearchConfigurationDetail {
  readonly name: string;
  readonly parser: { readonly schema: string; readonly name: string };
  readonly mappings: readonly { readonly token: string; readonly dictionaries: readonly { readonly schema: string; readonly name: string }[] }[];
}

/** The definition of a base type (CREATE TYPE name (INPUT = ..., OUTPUT = ...)). */
export interface PgBaseTypeDetail {
  readonly input: string;
  readonly output: string;
  readonly receive?: string;
  readonly send?: string;
  readonly typmodIn?: string;
  readonly typmodOut?: string;
  readonly analyze?: string;
  readonly subscript?: string;
  /** Bytes, or -1 for variable length (-2: C string). */
  readonly internalLength: number;
  readonly passedByValue: boolean;
  readonly alignment: string;
  readonly storage: string;
  readonly category: string;
  readonly preferred: boolean;
  readonly default: string | null;
  readonly element?: string;
  readonly delimiter: string;
  readonly collatable: boolean;
}

/** SHELL_TYPE detail: `CREATE TYPE name`, before the functions a base type is made of. */
export interface PgShellTypeDetail {
  readonly name: string;
}

/** PROCEDURAL_LANGUAGE detail. */
export interface PgLanguageDetail {
  readonly name: string;
  readonly trusted: boolean;
  /** Handler, inline and validator functions (`regproc` text). */
  readonly handler: string;
  readonly inline?: string;
  readonly validator?: string;
}

/** ACCESS_METHOD detail. */
export interface PgAccessMethodDetail {
  readonly name: string;
  readonly type: 'INDEX' | 'TABLE';
  readonly handler: string;
}

/** TRANSFORM detail: functions with their argument types (`regprocedure` text). */
export interface PgTransformDetail {
  readonly type: string;
  readonly language: string;
  readonly fromSql?: string;
  readonly toSql?: string;
}
