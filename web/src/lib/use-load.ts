// Data a component loads from the server, loaded again when its inputs change.
import { useEffect, useState } from 'preact/hooks';

// Loads `load()` when `deps` change; re-runs every `everyMs` when given (live pages).
export function useLoad<T>(load: () => Promise<T>, deps: unknown[], everyMs = 0) {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean; at?: Date }>({ loading: true });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load().then((data) => live && setState({ data, loading: false, at: new Date() }),
                (error) => live && setState((s) => ({ ...s, error, loading: false })));
    return () => { live = false; };
  }, [...deps, tick]);
  useEffect(() => {
    if (!everyMs) return;
    const id = setInterval(() => { if (document.visibilityState === 'visible') setTick((n) => n + 1); }, everyMs);
    return () => clearInterval(id);
  }, [everyMs, ...deps]);
  return { ...state, reload: () => setTick((n) => n + 1) };
}
