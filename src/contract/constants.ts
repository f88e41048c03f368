/**
 * The constants (and the one pure helper, totalBreakdowns) the server and the web app share, from the one
 * place each is defined. The web app imports
 * values only from this file (`@passage/contract/constants`); test/web-contract.test.ts checks that everything
 * it reaches is plain TypeScript without imports of packages (no zod, no server code in the bundle).
 */

export { AGREEMENT_STATUSES, AGREEMENT_TYPES } from '../domain/agreements/agreement-rules';
export { RULE_KINDS } from '../domain/alerts/rule-kinds';
export { classOf, quantileBreaks } from '../domain/analytics/map-classes';
export { DOCUMENT_KINDS } from '../domain/documents/file-format';
export { ALL_MODELS, BASELINE_NAMES, MODEL_NAMES } from '../domain/forecasting/model-names';
export { MEETING_KINDS } from '../domain/meetings/meeting-rules';
export { PROGRESS as MONITORING_PROGRESS } from '../domain/monitoring/monitoring-rules';
export { MEASURE_TYPES, NOTICE_OUTCOMES, NOTICE_STAGES } from '../domain/notices/notice-rules';
export { DIMENSIONS, FLAGS, TOTAL_CODE, totalBreakdowns } from '../domain/observations/dimensions';
export { PRACTICE_STATUSES, THEMATIC_AREAS } from '../domain/practices/practice-rules';
export { SECTION_KEYS as PROFILE_SECTIONS } from '../domain/profiles/sections';
export { SIDE_OPERATORS } from '../domain/rules/rule-scope';
export { SUBMISSION_STATUSES } from '../domain/submissions/workflow';
export { CLASSIFICATIONS } from '../shared/classification';
export { LOCALES } from '../shared/locales';
export { ROLES, SECRETARIAT_ROLES } from '../shared/roles';
export { MAX_TOKEN_DAYS, TOKEN_SCOPE_NAMES } from '../shared/token-scopes';
