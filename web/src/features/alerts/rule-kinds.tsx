import { useTranslation } from 'react-i18next';
import { RULE_KINDS, type RuleKind } from './api';

/**
 * Views carry a rule's kind and definition as the server stores them (a string, a JSON object: see
 * AlertView and AlertRuleView in the alerts schema). The page reads them through these checks, so an unknown
 * kind (a newer server) shows as itself instead of breaking the page.
 */
export function ruleKindOf(value: unknown): RuleKind | null {
  return RULE_KINDS.find((kind) => kind === value) ?? null;
}

/** A number member of a rule definition, or undefined. */
export function definitionNumber(definition: Record<string, unknown>, key: string): number | undefined {
  const value = definition[key];
  return typeof value === 'number' ? value : undefined;
}

/** The side of a forecast_interval rule ('above' when missing, as the server defaults it). */
export function definitionSide(definition: Record<string, unknown>): 'above' | 'below' | 'both' {
  const side = definition.side;
  return side === 'below' || side === 'both' ? side : 'above';
}

/** The name of a rule kind in the interface language (an unknown kind as itself). */
export function RuleKindName({ kind }: { kind: string }) {
  const { t } = useTranslation();
  const known = ruleKindOf(kind);
  return <>{known === null ? kind : t(`alerts.kinds.${known}`)}</>;
}
