export { main, EXIT_SUCCESS, EXIT_FAILURE, EXIT_COMPLETED_WITH_ERRORS } from './main.js';
export { CliError, type CliErrorCode } from './cli-error.js';
export { PARAMETERS, findParameter, parametersOf } from './params/parameter-table.js';
export type { CommandName, ParameterKind, ParameterSpec } from './params/parameter-spec.js';
export { parameterTableMarkdown } from './params/parameter-docs.js';
export { parseCommandLine, parseParameters, type Invocation, type ParsedCommandLine } from './params/parse-command-line.js';
