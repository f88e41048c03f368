/**
 * Form pieces the feature pages share: a labelled field, a select from a list of options, and the field
 * errors of a 400 answer (problem+json `errors`, each naming its field) shown under their field.
 */
import type { ReactNode, SelectHTMLAttributes } from 'react';
import { isApiError } from './api-client';

/** A label around its control: the text, the control, and the field's error when there is one. */
export function Field({
  label,
  error,
  children,
}: {
  label: ReactNode;
  error?: ReactNode;
  children: ReactNode;
}) {
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the control is `children`, inside the label
    <label>
      {label} {children}
      {error}
    </label>
  );
}

export interface Option {
  value: string;
  label: ReactNode;
}

/** A `<select>` of `options`, with a first empty choice when `empty` is given (e.g. "—" or "all"). */
export function Select({
  options,
  empty,
  onChange,
  ...props
}: Omit<SelectHTMLAttributes<HTMLSelectElement>, 'onChange' | 'value'> & {
  value: string;
  options: readonly Option[];
  empty?: ReactNode;
  onChange: (value: string) => void;
}) {
  return (
    <select {...props} onChange={(e) => onChange(e.target.value)}>
      {empty === undefined ? null : <option value="">{empty}</option>}
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}

/** The options of a list of codes, each labelled by the code itself. */
export const optionsOf = (codes: readonly string[]): Option[] => codes.map((c) => ({ value: c, label: c }));

/**
 * The field errors of a failed request, by field (`body.title`, `query.from`…): `errorOf(field)` is the
 * message to show under that field, or null.
 */
export function fieldErrorsOf(error: unknown): (field: string) => ReactNode {
  const errors = new Map(
    isApiError(error) ? (error.problem.errors ?? []).map((e) => [e.field ?? '', e.message] as const) : [],
  );
  return (field) => {
    const message = errors.get(field);
    return message ? (
      <span className="field-error" role="alert">
        {message}
      </span>
    ) : null;
  };
}

/** Messages of a problem+json error for one field (`body.code`, `body.countries[1]` …), or the rest. */
function fieldErrors(error: unknown, field: string): string[] {
  if (!isApiError(error)) return [];
  return (error.problem.errors ?? [])
    .filter((e) => e.field === field || e.field?.startsWith(`${field}[`) || e.field?.startsWith(`${field}.`))
    .map((e) => e.message);
}

/** The errors of one field (and its elements: `field[1]`, `field.x`) under it, with a test id. */
export function FieldError({ error, field }: { error: unknown; field: string }) {
  const messages = fieldErrors(error, field);
  if (!messages.length) return null;
  return (
    <span className="field-error" role="alert" data-testid={`error-${field}`}>
      {messages.join('; ')}
    </span>
  );
}
