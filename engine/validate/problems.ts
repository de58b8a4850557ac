// Problems found in a definition: a stable code, where it is (node or edge), and a message a process
// owner understands.
export const problemCodes = [
  "NO_START",
  "MULTIPLE_STARTS",
  "NO_END",
  "DUPLICATE_ID",
  "EDGE_UNKNOWN_NODE",
  "START_HAS_INCOMING",
  "END_HAS_OUTGOING",
  "UNREACHABLE",
  "NO_PATH_TO_END",
  "MISSING_OUTGOING",
  "AMBIGUOUS_OUTGOING",
  "DEFAULT_EDGE_REQUIRED",
  "MULTIPLE_DEFAULT_EDGES",
  "SPLIT_EDGE_CONDITION",
  "SPLIT_NEEDS_BRANCHES",
  "JOIN_NEEDS_BRANCHES",
  "JOIN_MISMATCH",
  "JOIN_WITHOUT_SPLIT",
  "EXCEPTION_EDGE_NOT_ALLOWED",
  "DUPLICATE_EXCEPTION_EDGE",
  "CYCLE_WITHOUT_WAIT",
  "FEEL_SYNTAX",
  "UNKNOWN_VARIABLE",
  "DURATION_INVALID",
  "CRON_INVALID",
  "APPROVAL_NO_LEVELS",
  "APPROVAL_LEVEL_COUNT",
  "APPROVAL_NO_ASSIGNEES",
  "QUORUM_INVALID",
  "ESCALATION_WITHOUT_DUE",
  "ESCALATION_EDGE_MISSING",
  "DUPLICATE_FIELD",
  "SELECT_WITHOUT_OPTIONS",
  "DECISION_TABLE_SHAPE",
  "CONNECTOR_UNKNOWN",
  "OPERATION_UNKNOWN",
  "INPUT_MAPPING_MISSING",
  "INPUT_MAPPING_UNKNOWN",
  "NOTIFY_NO_RECIPIENTS",
] as const;
export type ProblemCode = (typeof problemCodes)[number];

export interface Problem {
  code: ProblemCode;
  message: string;
  nodeId?: string;
  edgeId?: string;
  /** The setting the problem is about, e.g. "levels.0.assignees" or "condition". */
  field?: string;
}
