import { planJob, type JobPlan } from '@sluice/engine';
import { CliError } from '../cli-error.js';
import type { ParameterValues } from '../params/parameter-values.js';

export type { JobPlan, PlanMode, PlanOperation, PlannedDumpFile } from '@sluice/engine';

/**
 * Read and cross-check the parameters of `sluice export` / `sluice import` into a plan: the engine's
 * `planJob` (the REST service's too) over the command line's parameters.
 */
export function buildJobPlan(command: 'export' | 'import', params: ParameterValues, options: { sqlfileAlias?: boolean } = {}): JobPlan {
  if (options.sqlfileAlias && params.text('SQLFILE') === undefined) {
    throw new CliError('MISSING_PARAMETER', 'sluice sqlfile needs SQLFILE=name: the file (inside DIRECTORY) the DDL is written to.');
  }
  return planJob(command, params);
}
