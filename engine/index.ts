// The engine's public API: the definition schema, validation, compilation and the pure
// start()/step() interpreter with its events, commands and state.
export * from "./definition/schema";
export { parseDefinition, type ParseResult, type ShapeProblem } from "./definition/parse";
export { migrateDefinition, definitionMigrations, type DefinitionMigration } from "./definition/migrations";
export { validateDefinition, nodeOutputs, systemVariables } from "./validate/validate-definition";
export { problemCodes, type Problem, type ProblemCode } from "./validate/problems";
export { catalogSchema, findOperation, type ConnectorCatalog } from "./catalog";
export { compile, type CompiledWorkflow, type CompileResult } from "./runtime/compile";
export {
  start,
  step,
  backoffMs,
  rejectionCodes,
  type StartEnv,
  type StepEnv,
  type StepResult,
  type Rejection,
  type RejectionCode,
} from "./runtime/interpreter";
export {
  eventSchema,
  actorSchema,
  type EngineEvent,
  type EngineEventInput,
  type Actor,
} from "./runtime/events";
export { commandSchema, type Command, type CommandType, type CommandOf } from "./runtime/commands";
export {
  instanceStateSchema,
  instanceStatuses,
  type InstanceState,
  type InstanceStatus,
  type Token,
} from "./runtime/state";
export { type JsonValue, type JsonObject, jsonValueSchema, jsonObjectSchema } from "./json";
export { diffDefinitions, type DefinitionDiff, type ElementChange, type FieldChange } from "./diff";
