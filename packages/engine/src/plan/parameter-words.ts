/**
 * How messages name a parameter in the caller's words: `DUMPFILE=x.dmp` on the command line,
 * `"file_name": "x.dmp"` in a REST body. Parameters are always given by their Data Pump names.
 */
export interface ParameterWords {
  /** The parameter's name as the user writes it: `DUMPFILE`, or `file_name`. */
  name(parameter: string): string;
  /** The parameter as the user set it: `DUMPFILE=x.dmp` (or `DUMPFILE=` without a value). */
  given(parameter: string, value?: string): string;
}

/** The command line's words (expdp/impdp): `NAME=value`. */
export const COMMAND_LINE_WORDS: ParameterWords = {
  name: (parameter) => parameter,
  given: (parameter, value) => `${parameter}=${value ?? ''}`,
};
