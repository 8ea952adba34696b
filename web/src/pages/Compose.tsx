// Compose and share: an indicator (with a live pattern check and a test against sample
// observations), a report, a note or a relationship; saved on this node, then previewed — the
// exact members who would receive it on the chosen TLP, audience and relay, with the sharing
// policy's reason for each — and shared with one more click (or held for a second analyst).
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { api, ApiError, uploadLines, type Answer } from '../api/client.js';
import { ErrorNotice, useLoad } from '../common.js';
import { EMPTY, fold } from './Import.js';
import { useI18n, type MessageKey } from '../i18n/index.js';
import {
  EMPTY_DRAFT, INDICATOR_TYPES, KINDS, problems, RELATIONSHIP_TYPES, TLPS, toStix, type Audience, type Draft, type Kind,
} from './compose-model.js';

type Check = Answer<'/api/v1/patterns/check', 'post'>;
type Preview = Answer<'/api/v1/shares/preview', 'post'>;
type Outcome = { kind: 'shared'; count: number } | { kind: 'requested' } | { kind: 'kept' };

export function Compose(): ReactNode {
  const { t } = useI18n();
  const [draft, setDraft] = useState<Draft>(EMPTY_DRAFT);
  const [check, setCheck] = useState<Check | undefined>();
  const [audienceKind, setAudienceKind] = useState<Audience['kind']>('all');
  const [chosen, setChosen] = useState<readonly string[]>([]);
  const [group, setGroup] = useState('');
  const [relay, setRelay] = useState(false);
  const [shown, setShown] = useState(false);
  const [saved, setSaved] = useState<string | undefined>();
  const [preview, setPreview] = useState<Preview | undefined>();
  const [outcome, setOutcome] = useState<Outcome | undefined>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const listing = useLoad((signal) => api.get('/api/v1/members', { signal }), []);
  const members = (listing.data?.members ?? []).filter((m) => m.id !== listing.data?.self && m.status === 'active');
  const groups = listing.data?.sharingGroups ?? [];

  // Without the member list only keeping the object is possible.
  useEffect(() => {
    if (listing.error !== undefined) setAudienceKind('sharer');
  }, [listing.error]);

  const set = <K extends keyof Draft>(k: K, v: Draft[K]): void => setDraft((d) => ({ ...d, [k]: v }));
  // The live check: 300 ms after the last keystroke, the node parses and type-checks the pattern.
  useEffect(() => {
    if (draft.kind !== 'indicator' || draft.pattern.trim() === '') {
      setCheck(undefined);
      return;
    }
    const abort = new AbortController();
    const timer = setTimeout(() => {
      api.post('/api/v1/patterns/check', { pattern: draft.pattern }, { signal: abort.signal }).then(setCheck, () => undefined);
    }, 300);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [draft.kind, draft.pattern]);

  const invalid = problems(draft, check?.valid);
  const audience = (): Audience | undefined => {
    if (audienceKind === 'members') return chosen.length > 0 ? { kind: 'members', members: chosen } : undefined;
    if (audienceKind === 'group') {
      const g = groups.find((x) => x.id === group);
      const version = Math.max(...(g?.versions.map((v) => v.version) ?? []));
      return g !== undefined && Number.isFinite(version) ? { kind: 'group', group: g.id, version } : undefined;
    }
    return { kind: audienceKind };
  };
  const terms = (a: Audience) => ({ tlp: draft.tlp, audience: a.kind === 'members' ? { kind: a.kind, members: [...a.members] } : a, relay });

  const save = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setShown(true);
    const a = audience();
    if (Object.keys(invalid).length > 0 || a === undefined) return;
    setBusy(true);
    setError(undefined);
    try {
      const object = toStix(draft, listing.data?.self);
      let answer = EMPTY;
      await uploadLines('/api/v1/imports', new Blob([JSON.stringify(object)], { type: 'application/json' }), {
        contentType: 'application/json', query: { name: 'compose' }, onLine: (line) => (answer = fold(answer, line)),
      });
      // The node refused the object: its reason, as the import answered it.
      if (answer.summary?.new !== 1) {
        throw new Error(answer.results.find((r) => r.message !== null)?.message ?? answer.failure ?? 'the node did not store the object');
      }
      const id = String(object.id);
      setSaved(id);
      if (a.kind === 'sharer') setOutcome({ kind: 'kept' });
      else setPreview(await api.post('/api/v1/shares/preview', { object: { id }, ...terms(a) }));
    } catch (err) {
      setError(err instanceof ApiError || !(err instanceof Error) ? err : new ApiError(422, 'compose.not-stored', err.message, undefined));
    } finally {
      setBusy(false);
    }
  };

  const share = async (): Promise<void> => {
    const a = audience();
    if (saved === undefined || a === undefined) return;
    setBusy(true);
    setError(undefined);
    try {
      const r = await api.post('/api/v1/shares', { objects: [{ id: saved }], ...terms(a) }) as { shared?: number; publication?: unknown; readers?: readonly unknown[] };
      setOutcome(r.publication !== undefined ? { kind: 'requested' } : { kind: 'shared', count: r.readers?.length ?? 0 });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const again = (): void => {
    setDraft(EMPTY_DRAFT);
    setSaved(undefined);
    setPreview(undefined);
    setOutcome(undefined);
    setShown(false);
    setError(undefined);
  };

  const field = (k: keyof Draft, label: MessageKey, input: ReactNode): ReactNode => (
    <div className="field">
      <label htmlFor={`compose-${k}`}>{t(label)}</label>
      {input}
      {shown && invalid[k] !== undefined ? <p id={`compose-${k}-error`} className="field-error">{t(invalid[k])}</p> : null}
    </div>
  );
  const common = (k: keyof Draft) => ({
    id: `compose-${k}`, disabled: saved !== undefined, 'aria-invalid': shown && invalid[k] !== undefined,
    'aria-describedby': shown && invalid[k] !== undefined ? `compose-${k}-error` : undefined,
  });
  const text = (k: 'name' | 'labels' | 'validFrom' | 'validUntil' | 'sourceRef' | 'targetRef', label: MessageKey, type = 'text') =>
    field(k, label, <input {...common(k)} type={type} value={draft[k]} onChange={(e) => set(k, e.target.value)} maxLength={10_000} />);
  const area = (k: 'description' | 'pattern' | 'refs' | 'content', label: MessageKey, rows = 4) =>
    field(k, label, <textarea {...common(k)} rows={rows} value={draft[k]} onChange={(e) => set(k, e.target.value)} spellCheck={k !== 'pattern' && k !== 'refs'} />);

  return (
    <main id="main" className="compose">
      <h1>{t('compose.title')}</h1>
      <p className="muted">{t('compose.intro')}</p>
      <form onSubmit={(e) => void save(e)} noValidate>
        <fieldset disabled={saved !== undefined}>
          <legend>{t('compose.object')}</legend>
          {field('kind', 'compose.kind', (
            <select {...common('kind')} value={draft.kind} onChange={(e) => set('kind', e.target.value as Kind)}>
              {KINDS.map((k) => <option key={k} value={k}>{t(`compose.kind.${k}`)}</option>)}
            </select>
          ))}
          {draft.kind === 'indicator' || draft.kind === 'report' ? text('name', 'compose.name') : null}
          {draft.kind === 'note' ? text('name', 'compose.abstract') : null}
          {draft.kind === 'indicator' ? (
            <>
              {area('pattern', 'compose.pattern', 3)}
              <PatternCheck check={check} />
              {field('indicatorType', 'compose.indicatorType', (
                <select {...common('indicatorType')} value={draft.indicatorType} onChange={(e) => set('indicatorType', e.target.value)}>
                  {INDICATOR_TYPES.map((v) => <option key={v} value={v}>{v}</option>)}
                </select>
              ))}
              {text('validFrom', 'compose.validFrom', 'datetime-local')}
              {text('validUntil', 'compose.validUntil', 'datetime-local')}
            </>
          ) : null}
          {draft.kind === 'relationship' ? (
            <>
              {field('relationshipType', 'compose.relationshipType', (
                <select {...common('relationshipType')} value={draft.relationshipType} onChange={(e) => set('relationshipType', e.target.value)}>
                  {RELATIONSHIP_TYPES.map((v) => <option key={v} value={v}>{v}</option>)}
                </select>
              ))}
              {text('sourceRef', 'compose.sourceRef')}
              {text('targetRef', 'compose.targetRef')}
            </>
          ) : null}
          {draft.kind === 'note' ? area('content', 'compose.content', 6) : area('description', 'compose.description')}
          {draft.kind === 'report' || draft.kind === 'note' ? area('refs', 'compose.refs') : null}
          {text('labels', 'compose.labels')}
        </fieldset>
        {draft.kind === 'indicator' ? <PatternTest pattern={draft.pattern} /> : null}
        <fieldset disabled={saved !== undefined}>
          <legend>{t('compose.sharing')}</legend>
          <div role="radiogroup" aria-labelledby="compose-tlp-label" className="choices">
            <span id="compose-tlp-label" className="label">{t('compose.tlp')}</span>
            {TLPS.map((l) => (
              <label key={l} className={`tlp tlp-${l.replace('+', '-')}`}>
                <input type="radio" name="tlp" value={l} checked={draft.tlp === l} onChange={() => set('tlp', l)} /> TLP:{l.toUpperCase()}
              </label>
            ))}
          </div>
          <div role="radiogroup" aria-labelledby="compose-audience-label" className="choices">
            <span id="compose-audience-label" className="label">{t('compose.audience')}</span>
            {(['all', 'members', 'group', 'sharer'] as const).map((k) => (
              <label key={k}>
                <input type="radio" name="audience" value={k} checked={audienceKind === k} onChange={() => setAudienceKind(k)}
                  disabled={k !== 'sharer' && listing.error !== undefined} /> {t(`compose.audience.${k}`)}
              </label>
            ))}
          </div>
          {listing.error !== undefined ? <p className="notice">{t('compose.noMembership')}</p> : null}
          {audienceKind === 'members' ? (
            <fieldset className="members">
              <legend>{t('compose.members')}</legend>
              {members.map((m) => (
                <label key={m.id}>
                  <input type="checkbox" checked={chosen.includes(m.id)}
                    onChange={(e) => setChosen((c) => (e.target.checked ? [...c, m.id] : c.filter((x) => x !== m.id)))} /> <bdi>{m.name}</bdi>
                </label>
              ))}
              {shown && chosen.length === 0 ? <p className="field-error">{t('compose.pickMembers')}</p> : null}
            </fieldset>
          ) : null}
          {audienceKind === 'group' ? field('kind', 'compose.group', (
            <select id="compose-group" value={group} onChange={(e) => setGroup(e.target.value)}>
              <option value="">—</option>
              {groups.map((g) => <option key={g.id} value={g.id}>{g.name}</option>)}
            </select>
          )) : null}
          {audienceKind === 'group' && shown && group === '' ? <p className="field-error">{t('compose.pickGroup')}</p> : null}
          {audienceKind !== 'sharer' ? (
            <label className="inline"><input type="checkbox" checked={relay} onChange={(e) => setRelay(e.target.checked)} /> {t('compose.relay')}</label>
          ) : null}
        </fieldset>
        {shown && Object.keys(invalid).length > 0 ? <p role="alert" className="notice error">{t('compose.fix')}</p> : null}
        {saved === undefined ? <button type="submit" disabled={busy}>{busy ? t('compose.saving') : t('compose.save')}</button> : null}
      </form>
      {error !== undefined ? <ErrorNotice error={error} /> : null}
      {saved !== undefined ? <p role="status" className="notice">{t('compose.saved', { id: saved })}</p> : null}
      {preview !== undefined && outcome === undefined ? (
        <section className="panel" aria-labelledby="compose-preview">
          <h2 id="compose-preview">{t('compose.preview')}</h2>
          {preview.refused !== null ? <p role="alert" className="notice error">{t('compose.previewRefused', { reason: preview.refused.reason })}</p> : null}
          {preview.readers.length === 0 && preview.refused === null ? <p>{t('compose.previewNone')}</p> : (
            <ul>{preview.readers.map((r) => <li key={r.member}><strong><bdi>{r.name}</bdi></strong> — <bdi>{r.explanation}</bdi></li>)}</ul>
          )}
          {preview.needs_approval ? <p className="notice">{t('compose.needsApproval')}</p> : null}
          {preview.refused === null ? <button type="button" onClick={() => void share()} disabled={busy}>{busy ? t('compose.sharing.busy') : t('compose.share')}</button> : null}
        </section>
      ) : null}
      {outcome !== undefined ? (
        <section className="panel">
          <p role="status">{outcome.kind === 'shared' ? t('compose.shared', { count: outcome.count }) : outcome.kind === 'requested' ? t('compose.requested') : t('compose.kept')}</p>
          <button type="button" onClick={again}>{t('compose.new')}</button>
        </section>
      ) : null}
    </main>
  );
}

function PatternCheck(props: { readonly check: Check | undefined }): ReactNode {
  const { t } = useI18n();
  const c = props.check;
  if (c === undefined) return null;
  return (
    <div role="status" aria-live="polite" className={c.valid ? 'check ok' : 'check bad'}>
      {c.valid ? <p>{t('compose.patternValid', { canonical: c.canonical ?? '' })}</p> : null}
      {(c.errors ?? []).map((e) => <p key={`${e.offset}-${e.code}`}>{t('compose.patternError', { line: e.line, column: e.column, message: e.message })}</p>)}
      {c.warnings.map((w) => <p key={`${w.offset}-${w.code}`}>{t('compose.patternWarning', { message: w.message })}</p>)}
    </div>
  );
}

function PatternTest(props: { readonly pattern: string }): ReactNode {
  const { t } = useI18n();
  const [sample, setSample] = useState('');
  const [answer, setAnswer] = useState<string | undefined>();
  const run = async (): Promise<void> => {
    let data: unknown;
    try {
      data = JSON.parse(sample);
    } catch {
      data = undefined;
    }
    if (!Array.isArray(data)) return setAnswer(t('compose.testBadJson'));
    try {
      const r = await api.post('/api/v1/patterns/eval', { pattern: props.pattern, observed_data: data as Record<string, unknown>[] });
      if (r.error !== undefined) setAnswer(t('compose.testError', { message: r.error.message }));
      else setAnswer(r.matched === true ? t('compose.testMatched', { ids: (r.matched_observed_data ?? []).join(', ') }) : t('compose.testNotMatched'));
    } catch (e) {
      setAnswer(t('compose.testError', { message: e instanceof Error ? e.message : String(e) }));
    }
  };
  return (
    <details className="panel">
      <summary>{t('compose.test')}</summary>
      <label htmlFor="compose-sample">{t('compose.testHint')}</label>
      <textarea id="compose-sample" rows={6} value={sample} onChange={(e) => setSample(e.target.value)} spellCheck={false} />
      <button type="button" onClick={() => void run()}>{t('compose.testRun')}</button>
      {answer !== undefined ? <p role="status">{answer}</p> : null}
    </details>
  );
}
