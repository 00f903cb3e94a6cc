// One path for every client (the CLI, the REST service): plan a job from its parameters, check it
// against the dump file set and the database, define it on the engine.
export { COMMAND_LINE_WORDS, type ParameterWords } from './parameter-words.js';
export type {
  FilterValue,
  JobPlan,
  NameExpressionValue,
  PlanMode,
  PlanOperation,
  PlannedDumpFile,
  QueryValue,
  RemapDataValue,
  RemapValue,
  SampleValue,
  TableName,
  TransformValue,
} from './plan-types.js';
export { planJob, type PlanParameters } from './plan-job.js';
export { planParameters, type PlanValues } from './plan-values.js';
export { checkSimpleName, dumpFileLocation, expandDumpFileNames, inDirectory, isObjectStorage } from './file-names.js';
export { checkDumpSet, inspectDumpSet, type DumpSetCheck, type DumpSetFacts, type PreflightWording } from './dump-set-preflight.js';
export { checkScope } from './check-scope.js';
export { resolveEncryptionPassword, type PasswordOptions, type PasswordSources } from './encryption-password.js';
export { defineJob, type DefineJobInput } from './define-job.js';
