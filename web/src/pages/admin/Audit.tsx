// The audit log (administrators only): whether the chain and its signed checkpoints verify, and
// where the first break is (GET /api/v1/audit/verification, the same check as `accord audit
// verify`); and the entries, filtered by actor, action and dates, a page at a time in chain order.
import { useState, type FormEvent, type ReactNode } from 'react';
import { api, type Answer } from '../../api/client.js';
import { Loading, Panel, useLoad } from '../../common.js';
import { useI18n, type MessageKey } from '../../i18n/index.js';

type Verification = Answer<'/api/v1/audit/verification', 'get'>;
type Filter = { readonly actor: string; readonly action: string; readonly from: string; readonly to: string };
const NO_FILTER: Filter = { actor: '', action: '', from: '', to: '' };
const PAGE = 50;

/** The verification's result in words: verified (with what signs it) or broken (where, why). */
export function VerificationReport(props: { readonly v: Verification }): ReactNode {
  const { t, number, date } = useI18n();
  const v = props.v;
  if (v.ok) {
    return (
      <div role="status" className="notice verified">
        <p><strong>{t('admin.verified', { count: number(v.checked) })}</strong></p>
        <p>{v.checkpoints.newest > 0
          ? t('admin.verifiedCheckpoint', { seq: number(v.checkpoints.newest), unsealed: number(v.unsealed) })
          : t('admin.noCheckpoint')}</p>
        <p className="muted">{t('admin.verifiedAt', { date: date(v.verified_at) })}</p>
      </div>
    );
  }
  const bad = v.first_bad;
  return (
    <div role="alert" className="notice error broken">
      <p><strong>{bad !== null ? t('admin.broken', { seq: number(bad.seq), reason: t(`admin.fault.${bad.reason}` as MessageKey) }) : t('admin.brokenUnknown')}</strong></p>
      <p>{t('admin.brokenChecked', { count: number(v.checked) })}</p>
      {bad !== null ? <p className="muted">{t('admin.nodeSays')} <bdi>{bad.message}</bdi></p> : null}
      <p className="muted">{t('admin.verifiedAt', { date: date(v.verified_at) })}</p>
    </div>
  );
}

/** A date input (yyyy-mm-dd, UTC) as the bound the API takes. */
const bound = (day: string, end: boolean): string | undefined => (day === '' ? undefined : `${day}T${end ? '23:59:59.999' : '00:00:00.000'}Z`);

export function AuditPanel(props: { readonly round: number }): ReactNode {
  const { t, date, number } = useI18n();
  const [check, setCheck] = useState(0);
  const verification = useLoad((signal) => api.get('/api/v1/audit/verification', { signal }), [check, props.round]);
  const [draft, setDraft] = useState<Filter>(NO_FILTER);
  const [filter, setFilter] = useState<Filter>(NO_FILTER);
  // The cursors of the pages seen so far: the last one is the page shown.
  const [cursors, setCursors] = useState<readonly number[]>([0]);
  const after = cursors.at(-1) ?? 0;
  const entries = useLoad((signal) => {
    const from = bound(filter.from, false);
    const to = bound(filter.to, true);
    return api.get('/api/v1/audit', {
      signal, query: {
        limit: PAGE, after, ...(filter.actor !== '' ? { actor: filter.actor } : {}), ...(filter.action !== '' ? { action: filter.action } : {}),
        ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}),
      },
    });
  }, [filter, after, props.round]);

  const apply = (e: FormEvent): void => {
    e.preventDefault();
    setFilter({ actor: draft.actor.trim(), action: draft.action.trim(), from: draft.from, to: draft.to });
    setCursors([0]);
  };
  const field = (name: keyof Filter, key: MessageKey, type = 'text') => (
    <span className="field">
      <label htmlFor={`audit-${name}`}>{t(key)}</label>
      <input id={`audit-${name}`} type={type} value={draft[name]} maxLength={200} onChange={(e) => setDraft({ ...draft, [name]: e.target.value })} />
    </span>
  );

  return (
    <Panel id="audit" title={t('admin.audit')}>
      <h3>{t('admin.verification')}</h3>
      <Loading loaded={verification}>{(v) => <VerificationReport v={v} />}</Loading>
      <button type="button" className="secondary" disabled={verification.loading} onClick={() => setCheck((c) => c + 1)}>
        {verification.loading ? t('admin.verifying') : t('admin.verify')}
      </button>
      <h3>{t('admin.entries')}</h3>
      <form className="filters" role="search" aria-label={t('admin.filter')} onSubmit={apply}>
        {field('actor', 'admin.actor')}
        {field('action', 'admin.action')}
        {field('from', 'admin.from', 'date')}
        {field('to', 'admin.to', 'date')}
        <span className="buttons">
          <button type="submit">{t('admin.apply')}</button>
          <button type="button" className="secondary" onClick={() => {
            setDraft(NO_FILTER);
            setFilter(NO_FILTER);
            setCursors([0]);
          }}>{t('admin.clear')}</button>
        </span>
      </form>
      <Loading loaded={entries}>{(page) => (
        <>
          {page.entries.length === 0 ? <p>{t('admin.noEntries')}</p> : (
            <table className="audit">
              <thead><tr>
                <th scope="col">{t('admin.seq')}</th><th scope="col">{t('admin.at')}</th><th scope="col">{t('admin.actor')}</th>
                <th scope="col">{t('admin.action')}</th><th scope="col">{t('admin.target')}</th><th scope="col">{t('admin.outcome')}</th><th scope="col">{t('admin.details')}</th>
              </tr></thead>
              <tbody>{page.entries.map((e) => (
                <tr key={e.seq}>
                  <th scope="row">{number(e.seq)}</th>
                  <td>{date(e.at)}</td>
                  <td><bdi>{e.actor}</bdi></td>
                  <td><bdi className="id">{e.action}</bdi></td>
                  <td><bdi>{e.target ?? ''}</bdi></td>
                  <td>{t(`admin.outcome.${e.outcome}` as MessageKey)}</td>
                  <td><bdi className="id">{Object.keys(e.details).length > 0 ? JSON.stringify(e.details) : ''}</bdi></td>
                </tr>
              ))}</tbody>
            </table>
          )}
          <nav className="pager" aria-label={t('admin.pages')}>
            <button type="button" className="secondary" disabled={cursors.length < 2} onClick={() => setCursors(cursors.slice(0, -1))}>{t('admin.previous')}</button>
            <span>{t('admin.page', { page: cursors.length })}</span>
            <button type="button" className="secondary" disabled={page.next === undefined} onClick={() => {
              if (page.next !== undefined) setCursors([...cursors, page.next]);
            }}>{t('admin.next')}</button>
          </nav>
        </>
      )}</Loading>
    </Panel>
  );
}
