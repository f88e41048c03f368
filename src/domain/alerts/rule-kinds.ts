/**
 * The kinds of alert rule (rules.ts describes each). A file of its own, without zod, so the web app can list
 * the kinds (src/contract/constants.ts) without bundling the rule schemas.
 */
export const RULE_KINDS = [
  'threshold',
  'yoy',
  'mom',
  'forecast_interval',
  'level_shift',
  'route_shift',
] as const;
