import type { JobDefinition } from '../src/job/job-definition.js';

/** A definition for tests of the pure parts (filters, parameters, remaps); override what the test is about. */
export function definition(overrides: Partial<JobDefinition> = {}): JobDefinition {
  return {
    jobName: 'T_JOB',
    owner: 'tester',
    operation: 'EXPORT',
    mode: 'SCHEMA',
    networkLink: false,
    version: 'LATEST',
    files: [],
    metadataFilters: [],
    dataFilters: [],
    metadataRemaps: [],
    dataRemaps: [],
    transforms: [],
    parameters: {},
    parallel: 1,
    ...overrides,
  };
}
