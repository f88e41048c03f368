import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

/**
 * The page's filters, held in the URL query string so any view can be shared as a link. `set` merges a
 * patch (undefined or '' removes a key) and replaces the history entry.
 */
export function useQueryState(): {
  get(key: string): string | undefined;
  set(patch: Record<string, string | undefined>): void;
  search: string;
} {
  const [params, setParams] = useSearchParams();
  const get = useCallback((key: string) => params.get(key) ?? undefined, [params]);
  const set = useCallback(
    (patch: Record<string, string | undefined>) => {
      // From the address bar, not from this render: two quick changes must not undo each other (the
      // router's own functional update reads the parameters of the render it was created in).
      const next = new URLSearchParams(window.location.search);
      for (const [k, v] of Object.entries(patch)) {
        if (v === undefined || v === '') next.delete(k);
        else next.set(k, v);
      }
      setParams(next, { replace: true });
    },
    [setParams],
  );
  return { get, set, search: params.toString() };
}
