export {
  DATA_OPTION_BITS,
  KU$_DATAOPT_ACCEPT_INCOMPLETE_SET,
  KU$_DATAOPT_CONT_LD_ON_FMT_ERR,
  KU$_DATAOPT_DISABLE_TRIGGERS,
  KU$_DATAOPT_SKIP_CONST_ERR,
  PARAMETER_SPECS,
  REFUSED_PARAMETERS,
  parameterSpec,
  type ParameterKind,
  type ParameterSpec,
} from './parameter-specs.js';
export {
  checkParameterConsistency,
  describe,
  validateParameter,
  type ParameterContext,
  type ParameterValue,
  type SecretsPresent,
  type ValidatedParameter,
} from './validate-parameter.js';
export { resolvedParameters, type ResolvedParameters } from './resolved-parameters.js';
