/**
 * The forecast models and the baselines they are backtested against (models.ts describes each). A file of its
 * own, without imports, so the web app can name and order them (src/contract/constants.ts).
 */
export const MODEL_NAMES = ['mstl_ets', 'auto_ets', 'ensemble'] as const;
export const BASELINE_NAMES = ['naive', 'seasonal_naive'] as const;
export type ModelName = (typeof MODEL_NAMES)[number] | (typeof BASELINE_NAMES)[number];
export const ALL_MODELS = [...BASELINE_NAMES, ...MODEL_NAMES] as const;

export const isBaseline = (m: ModelName) => (BASELINE_NAMES as readonly string[]).includes(m);
