// Registering or changing an asset of the critical infrastructure registry: every field labelled,
// checked here first (asset-checks.ts) with each problem shown beside its field in the user's
// language, then by the node, whose refusal is shown in the user's language too, with the fields
// it names marked.
import { useState, type FormEvent, type ReactNode } from 'react';
import { api, ApiError, type Answer } from '../api/client.js';
import { ErrorNotice } from '../common.js';
import { useI18n, type MessageKey } from '../i18n/index.js';
import { useAction } from './use-action.js';
import { checkDraft, CRITICALITIES, draftBody, draftOf, EMPTY_DRAFT, fieldOfLocation, SECTORS, type AssetDraft, type DraftField, type DraftProblem } from './asset-checks.js';

export type Asset = Answer<'/api/v1/assets/{id}', 'get'>;

/** The node's problems about assets, in the user's language. */
export const ASSET_CODES: Readonly<Record<string, MessageKey>> = {
  'asset.invalid': 'infra.error.invalid', 'store.asset-exists': 'infra.error.exists', 'asset.not-found': 'infra.error.notFound',
  'asset.bad-csv': 'infra.error.badCsv', 'asset.bad-rows': 'infra.importRefused',
};

const LABELS: Readonly<Record<DraftField, MessageKey>> = {
  name: 'infra.name', sector: 'infra.sector', criticality: 'infra.criticality', owner: 'infra.owner', contact: 'infra.contact', notes: 'infra.notes',
  ranges: 'infra.ranges', domains: 'infra.domains', software: 'infra.software',
};
const HINTS: Partial<Record<DraftField, MessageKey>> = { ranges: 'infra.rangesHint', domains: 'infra.domainsHint', software: 'infra.softwareHint' };

export function AssetForm(props: {
  readonly asset?: Asset;
  readonly onSaved: (asset: Asset, alertsRaised: number) => void;
  readonly onCancel: () => void;
}): ReactNode {
  const { t } = useI18n();
  const [draft, setDraft] = useState<AssetDraft>(props.asset !== undefined ? draftOf(props.asset) : EMPTY_DRAFT);
  const [problems, setProblems] = useState<readonly DraftProblem[]>([]);
  const [checked, setChecked] = useState(false);
  const action = useAction<unknown>();
  const error = action.error;
  const named = error instanceof ApiError ? error.errors.filter((e) => fieldOfLocation(e.location) !== undefined) : [];
  const id = props.asset === undefined ? 'asset-new' : 'asset-edit';

  const set = (field: DraftField, value: string): void => {
    const next = { ...draft, [field]: value };
    setDraft(next);
    // Once the form was submitted, problems follow the typing.
    if (checked) setProblems(checkDraft(next));
  };

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const found = checkDraft(draft);
    setChecked(true);
    setProblems(found);
    if (found.length > 0) return;
    await action.run(async () => {
      const body = draftBody(draft);
      const saved = props.asset === undefined
        ? await api.post('/api/v1/assets', body)
        : await api.patch('/api/v1/assets/{id}', body, { params: { id: props.asset.id } });
      props.onSaved(saved.asset, saved.alerts_raised);
      return saved;
    });
  };

  const field = (name: DraftField, control: (attrs: { id: string; 'aria-invalid': boolean; 'aria-describedby': string | undefined }) => ReactNode): ReactNode => {
    const mine = problems.filter((p) => p.field === name);
    const theirs = named.filter((n) => fieldOfLocation(n.location) === name);
    const hint = HINTS[name];
    const described = [hint !== undefined ? `${id}-${name}-hint` : '', mine.length + theirs.length > 0 ? `${id}-${name}-error` : ''].filter((s) => s !== '').join(' ');
    return (
      <div className={`field field-${name}`}>
        <label htmlFor={`${id}-${name}`}>{t(LABELS[name])}</label>
        {control({ id: `${id}-${name}`, 'aria-invalid': mine.length + theirs.length > 0, 'aria-describedby': described === '' ? undefined : described })}
        {hint !== undefined ? <p id={`${id}-${name}-hint`} className="muted hint">{t(hint)}</p> : null}
        {mine.length + theirs.length > 0 ? (
          <ul id={`${id}-${name}-error`} className="field-error">
            {mine.map((p, i) => <li key={`c${i}`}>{t(p.key, { line: p.line ?? 0, entry: p.entry ?? '' })}</li>)}
            {theirs.map((n, i) => <li key={`s${i}`}><bdi>{n.message}</bdi></li>)}
          </ul>
        ) : null}
      </div>
    );
  };
  const text = (name: DraftField, max: number): ReactNode => field(name, (a) => <input {...a} value={draft[name]} maxLength={max} onChange={(e) => set(name, e.target.value)} />);
  const lines = (name: DraftField): ReactNode => field(name, (a) => <textarea {...a} rows={3} value={draft[name]} onChange={(e) => set(name, e.target.value)} />);
  const choice = (name: 'sector' | 'criticality', values: readonly string[], label: (v: string) => string): ReactNode => field(name, (a) => (
    <select {...a} value={draft[name]} onChange={(e) => set(name, e.target.value)}>
      <option value="">{t('infra.choose')}</option>
      {values.map((v) => <option key={v} value={v}>{label(v)}</option>)}
    </select>
  ));

  return (
    <form className="asset-form" onSubmit={(e) => void submit(e)} noValidate aria-describedby={problems.length > 0 ? `${id}-summary` : undefined}>
      <div className="fields">
        {text('name', 200)}
        {choice('sector', SECTORS, (v) => v)}
        {choice('criticality', CRITICALITIES, (v) => t(`infra.criticality.${v}` as MessageKey))}
        {text('owner', 200)}
        {text('contact', 200)}
      </div>
      {lines('ranges')}
      {lines('domains')}
      {lines('software')}
      {lines('notes')}
      {problems.length > 0 ? <p id={`${id}-summary`} role="alert" className="notice error">{t('infra.check.summary', { count: problems.length })}</p> : null}
      {error !== undefined ? <ErrorNotice error={error} codes={ASSET_CODES} /> : null}
      <div className="buttons">
        <button type="submit" disabled={action.busy}>{action.busy ? t('infra.saving') : t('infra.save')}</button>
        <button type="button" className="secondary" onClick={props.onCancel}>{t('infra.cancel')}</button>
      </div>
    </form>
  );
}
