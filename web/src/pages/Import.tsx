// Import: drop or choose a STIX file, watch it go up and the node read it, then see what became
// of each object — the counts, and every object refused or stored with warnings, with the
// node's reason and where it was in the file.
import { useState, type DragEvent, type FormEvent, type ReactNode } from 'react';
import { uploadLines } from '../api/client.js';
import { ErrorNotice } from '../common.js';
import { useI18n, type MessageKey } from '../i18n/index.js';

/** What the node answers, line by line (src/server/imports.routes.ts). */
export interface ImportResult {
  readonly index: number;
  readonly id: string | null;
  readonly status: 'new' | 'new-version' | 'unchanged' | 'rejected';
  readonly code: string | null;
  readonly message: string | null;
  readonly line: number | null;
}
export interface ImportSummary {
  readonly items: number;
  readonly new: number;
  readonly new_version: number;
  readonly unchanged: number;
  readonly rejected: number;
  readonly warned: number;
  readonly fatal: { readonly message: string } | null;
}
export interface ImportState {
  readonly sent: number;
  readonly total: number;
  readonly items: number;
  readonly results: readonly ImportResult[];
  readonly summary?: ImportSummary;
  readonly failure?: string;
}

export const LISTED = 1000;
export const EMPTY: ImportState = { sent: 0, total: 0, items: 0, results: [] };

/** Folds one answer line into the state (unknown lines change nothing). */
export function fold(state: ImportState, line: unknown): ImportState {
  if (typeof line !== 'object' || line === null) return state;
  const l = line as { progress?: { items?: unknown }; result?: ImportResult; summary?: ImportSummary; error?: { message?: unknown } };
  if (l.progress !== undefined && typeof l.progress.items === 'number') return { ...state, items: l.progress.items };
  if (l.result !== undefined) return { ...state, results: [...state.results, l.result] };
  if (l.summary !== undefined) return { ...state, items: l.summary.items, summary: l.summary };
  if (l.error !== undefined) return { ...state, failure: typeof l.error.message === 'string' ? l.error.message : '' };
  return state;
}

/** The media type to send a file as: JSON lines by their extension, else JSON. */
export function mediaTypeOf(name: string): string {
  return /\.(jsonl|ndjson)$/i.test(name) ? 'application/x-ndjson' : 'application/json';
}

export function Import(): ReactNode {
  const { t, number, bytes } = useI18n();
  const [file, setFile] = useState<File | undefined>();
  const [state, setState] = useState<ImportState>(EMPTY);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [missing, setMissing] = useState(false);
  const [over, setOver] = useState(false);

  const choose = (f: File | undefined): void => {
    setFile(f);
    setState(EMPTY);
    setError(undefined);
    setMissing(false);
  };
  const drop = (e: DragEvent<HTMLDivElement>): void => {
    e.preventDefault();
    setOver(false);
    choose(e.dataTransfer.files[0]);
  };
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (file === undefined) return setMissing(true);
    setBusy(true);
    setError(undefined);
    setState({ ...EMPTY, total: file.size });
    try {
      await uploadLines('/api/v1/imports', file, {
        query: { name: file.name.slice(0, 200) }, contentType: mediaTypeOf(file.name),
        onUpload: (sent, total) => setState((s) => ({ ...s, sent, total })),
        onLine: (line) => setState((s) => fold(s, line)),
      });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const s = state.summary;
  return (
    <main id="main">
      <h1>{t('import.title')}</h1>
      <p className="muted">{t('import.intro')}</p>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <div className={over ? 'drop over' : 'drop'} onDragOver={(e) => { e.preventDefault(); setOver(true); }} onDragLeave={() => setOver(false)} onDrop={drop}>
          <label htmlFor="import-file">{t('import.file')}</label>
          <p className="muted">{t('import.drop')}</p>
          <input id="import-file" type="file" accept=".json,.jsonl,.ndjson,application/json" onChange={(e) => choose(e.target.files?.[0])}
            aria-invalid={missing} aria-describedby={missing ? 'import-missing' : undefined} />
          {file !== undefined ? <p><bdi>{file.name}</bdi> — {bytes(file.size)}</p> : null}
        </div>
        {missing ? <p id="import-missing" role="alert" className="notice error">{t('import.chooseFirst')}</p> : null}
        <button type="submit" disabled={busy}>{busy ? t('import.busy') : t('import.submit')}</button>
      </form>
      {busy || s !== undefined ? (
        <section aria-live="polite" className="panel">
          <label htmlFor="import-upload">{t('import.uploading')}</label>
          <progress id="import-upload" max={state.total || 1} value={state.sent} />
          <p role="status">{t('import.processed', { count: state.items })}</p>
        </section>
      ) : null}
      {error !== undefined ? <ErrorNotice error={error} /> : null}
      {state.failure !== undefined ? <p role="alert" className="notice error">{t('import.failed', { message: state.failure })}</p> : null}
      {s !== undefined ? (
        <section className="panel" aria-labelledby="import-summary">
          <h2 id="import-summary">{t('import.summary')}</h2>
          <dl className="counts">
            {([['import.items', s.items], ['import.new', s.new], ['import.newVersion', s.new_version], ['import.unchanged', s.unchanged],
              ['import.rejected', s.rejected], ['import.warned', s.warned]] as const).map(([k, v]) => (
              <div key={k}><dt>{t(k)}</dt><dd>{number(v)}</dd></div>
            ))}
          </dl>
          {s.fatal !== null ? <p role="alert" className="notice error">{t('import.fatal', { message: s.fatal.message })}</p> : null}
        </section>
      ) : null}
      {state.results.length > 0 ? (
        <section className="panel" aria-labelledby="import-results">
          <h2 id="import-results">{t('import.results')}</h2>
          {state.results.length >= LISTED ? <p className="muted">{t('import.more', { count: LISTED })}</p> : null}
          <table>
            <thead><tr>
              <th scope="col">{t('import.position')}</th><th scope="col">{t('import.object')}</th><th scope="col">{t('import.outcome')}</th>
              <th scope="col">{t('import.reason')}</th><th scope="col">{t('import.where')}</th>
            </tr></thead>
            <tbody>{state.results.map((r) => (
              <tr key={r.index} className={r.status === 'rejected' ? 'refused' : undefined}>
                <td>{number(r.index + 1)}</td>
                <td><bdi className="id">{r.id ?? ''}</bdi></td>
                <td>{t(`import.status.${r.status}` as MessageKey)}</td>
                <td><bdi>{r.message ?? ''}</bdi> {r.code !== null ? <bdi className="muted id">{r.code}</bdi> : null}</td>
                <td>{r.line !== null ? number(r.line) : ''}</td>
              </tr>
            ))}</tbody>
          </table>
        </section>
      ) : null}
    </main>
  );
}
