// What every page uses: loading data with its error, showing an error in the user's language,
// and a titled panel.
import { useCallback, useEffect, useState, type DependencyList, type ReactNode } from 'react';
import { ApiError, problemMessage } from './api/client.js';
import { isLanguage, LANGUAGES, NATIVE_NAMES, useI18n, type Language, type MessageKey } from './i18n/index.js';

export interface Loaded<T> {
  readonly data: T | undefined;
  readonly error: unknown;
  readonly loading: boolean;
  readonly reload: () => void;
}

/** Runs `load` now and whenever `deps` change; the last answer wins, earlier ones are aborted. */
export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, deps: DependencyList): Loaded<T> {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({ data: undefined, error: undefined, loading: true });
  const [round, setRound] = useState(0);
  const run = useCallback(load, deps);
  useEffect(() => {
    const abort = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    run(abort.signal).then(
      (data) => { if (!abort.signal.aborted) setState({ data, error: undefined, loading: false }); },
      (error: unknown) => { if (!abort.signal.aborted) setState((s) => ({ data: s.data, error, loading: false })); },
    );
    return () => abort.abort();
  }, [run, round]);
  return { ...state, reload: () => setRound((r) => r + 1) };
}

/** An error from the node (or from reaching it), in the user's language, with the reference to quote. */
export function ErrorNotice(props: { readonly error: unknown; readonly onRetry?: () => void; readonly codes?: Readonly<Record<string, MessageKey>> }): ReactNode {
  const { t } = useI18n();
  const m = problemMessage(props.error, props.codes);
  const id = props.error instanceof ApiError ? props.error.requestId : undefined;
  return (
    <div role="alert" className="notice error">
      <p>{t(m.key, m.values)}</p>
      {id !== undefined ? <p className="muted">{t('error.reference', { id })}</p> : null}
      {props.onRetry !== undefined ? <button type="button" onClick={props.onRetry}>{t('error.retry')}</button> : null}
    </div>
  );
}

export function Panel(props: { readonly id: string; readonly title: string; readonly children: ReactNode }): ReactNode {
  return (
    <section className="panel" aria-labelledby={`${props.id}-title`}>
      <h2 id={`${props.id}-title`}>{props.title}</h2>
      {props.children}
    </section>
  );
}

/** What a panel shows while loading, after an error, or once loaded. */
export function Loading<T>(props: { readonly loaded: Loaded<T>; readonly children: (data: T) => ReactNode }): ReactNode {
  const { t } = useI18n();
  if (props.loaded.error !== undefined) return <ErrorNotice error={props.loaded.error} onRetry={props.loaded.reload} />;
  if (props.loaded.data === undefined) return <p className="muted" aria-busy="true">{t('app.loading')}</p>;
  return props.children(props.loaded.data);
}

/** The six languages, each named in itself. */
export function LanguageSelect(props: { readonly id: string; readonly onChange: (l: Language) => void; readonly describedBy?: string }): ReactNode {
  const { language } = useI18n();
  return (
    <select id={props.id} value={language} aria-describedby={props.describedBy} onChange={(e) => {
      const l = e.target.value;
      if (isLanguage(l)) props.onChange(l);
    }}>
      {LANGUAGES.map((l) => <option key={l} value={l} lang={l}>{NATIVE_NAMES[l]}</option>)}
    </select>
  );
}
