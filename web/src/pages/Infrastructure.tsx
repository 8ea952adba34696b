// The critical information infrastructure registry (issue 9): the member's registered assets —
// networks, domains, software — with adding, editing and a CSV import that reports each row
// (administrators and analysts: assets:manage), and the alerts the watch raised when intelligence
// touched an asset: what matched and why, who created and who shared the intelligence, every
// state change, and the state actions for analysts (detect:run). Live: the alerts reload when
// the alerts mark moves. Nothing here ever leaves the node.
import { useState, type ReactNode } from 'react';
import { api, ApiError, type Answer } from '../api/client.js';
import { ErrorNotice, Loading, Panel, useLoad } from '../common.js';
import { useI18n, type MessageKey } from '../i18n/index.js';
import { useMark } from '../live.js';
import { ChangeList, clip, DetailsCell, may, StateActions, StateFilter, stateText, type AlertState } from './alert-parts.js';
import { ASSET_CODES, AssetForm, type Asset } from './AssetForm.js';
import type { Session } from './SignIn.js';
import { useAction } from './use-action.js';

type Alert = Answer<'/api/v1/alerts/{id}', 'get'>;
type Imported = Answer<'/api/v1/assets/import', 'post'>;

export function Infrastructure(props: { readonly session: Session }): ReactNode {
  const { t } = useI18n();
  const [editing, setEditing] = useState<Asset | 'new' | undefined>();
  const [saved, setSaved] = useState<{ name: string; alerts: number } | undefined>();
  const assets = useLoad((signal) => api.get('/api/v1/assets', { signal }), []);
  const manage = may.manageAssets(props.session);
  return (
    <main id="main">
      <h1>{t('infra.title')}</h1>
      <p className="muted">{t('infra.intro')}</p>
      <Panel id="assets" title={t('infra.assets')}>
        {manage ? <button type="button" aria-controls="asset-editor" aria-expanded={editing === 'new'} onClick={() => setEditing(editing === 'new' ? undefined : 'new')}>{t('infra.add')}</button> : null}
        <p role="status">{saved !== undefined ? t('infra.saved', { name: saved.name, count: saved.alerts }) : ''}</p>
        <Loading loaded={assets}>{(answer) => answer.assets.length === 0 ? <p>{t('infra.none')}</p> : <AssetTable assets={answer.assets} manage={manage} onEdit={setEditing} />}</Loading>
      </Panel>
      <div id="asset-editor">{editing !== undefined ? (
        <Panel id="asset-form" title={editing === 'new' ? t('infra.addTitle') : t('infra.editTitle', { name: editing.name })}>
          <AssetForm key={editing === 'new' ? 'new' : editing.id} {...(editing !== 'new' ? { asset: editing } : {})} onCancel={() => setEditing(undefined)} onSaved={(a, raised) => {
            setEditing(undefined);
            setSaved({ name: a.name, alerts: raised });
            assets.reload();
          }} />
        </Panel>
      ) : null}</div>
      {manage ? <CsvImport onImported={assets.reload} /> : null}
      <Alerts session={props.session} />
    </main>
  );
}

function AssetTable(props: { readonly assets: readonly Asset[]; readonly manage: boolean; readonly onEdit: (a: Asset) => void }): ReactNode {
  const { t } = useI18n();
  return (
    <table className="assets">
      <thead><tr>
        <th scope="col">{t('infra.name')}</th><th scope="col">{t('infra.sector')}</th><th scope="col">{t('infra.criticality')}</th>
        <th scope="col">{t('infra.owner')}</th><th scope="col">{t('infra.covers')}</th>
        {props.manage ? <th scope="col"><span className="visually-hidden">{t('infra.edit')}</span></th> : null}
      </tr></thead>
      <tbody>{props.assets.map((a) => (
        <tr key={a.id}>
          <th scope="row"><bdi>{a.name}</bdi></th><td>{a.sector}</td><td>{t(`infra.criticality.${a.criticality}` as MessageKey)}</td>
          <td><bdi>{a.owner}</bdi> <bdi className="muted">{a.contact}</bdi></td>
          <td><bdi className="id">{[...a.ranges, ...a.domains, ...a.software].join(' · ')}</bdi></td>
          {props.manage ? <td><button type="button" aria-label={t('infra.editTitle', { name: a.name })} aria-controls="asset-editor" onClick={() => props.onEdit(a)}>{t('infra.edit')}</button></td> : null}
        </tr>
      ))}</tbody>
    </table>
  );
}

/** The line of a bad row the node names (csv:3), when it names one. */
const rowLine = (location: string | undefined): number | undefined => {
  const m = /^csv:(\d+)$/.exec(location ?? '');
  return m?.[1] !== undefined ? Number(m[1]) : undefined;
};

/** CSV import: a file or pasted text, and the outcome of each row (registered, or what is wrong with it). */
function CsvImport(props: { readonly onImported: () => void }): ReactNode {
  const { t, number } = useI18n();
  const [csv, setCsv] = useState('');
  const action = useAction<Imported>();
  const done = action.result;
  const error = action.error;
  const rows = error instanceof ApiError ? error.errors.flatMap((e) => { const line = rowLine(e.location); return line !== undefined ? [{ line, message: e.message }] : []; }) : [];
  const submit = (): Promise<void> => action.run(async () => {
    const imported = await api.post('/api/v1/assets/import', { csv });
    props.onImported();
    return imported;
  });
  return (
    <Panel id="asset-import" title={t('infra.import')}>
      <p className="muted" id="asset-import-hint">{t('infra.importHint')}</p>
      <label htmlFor="asset-import-file">{t('infra.importFile')}</label>
      <input id="asset-import-file" type="file" accept=".csv,text/csv" onChange={(e) => {
        const file = e.target.files?.[0];
        if (file !== undefined) void file.text().then(setCsv);
      }} />
      <label htmlFor="asset-import-text">{t('infra.importText')}</label>
      <textarea id="asset-import-text" rows={4} value={csv} aria-describedby="asset-import-hint" onChange={(e) => setCsv(e.target.value)} />
      <div className="buttons"><button type="button" disabled={action.busy || csv.trim() === ''} onClick={() => void submit()}>{t('infra.importButton')}</button></div>
      <div role="status">{done !== undefined ? <p>{t('infra.imported', { count: done.assets.length, alerts: done.alerts_raised })}</p> : null}</div>
      {error !== undefined ? <ErrorNotice error={error} codes={ASSET_CODES} /> : null}
      {done !== undefined || rows.length > 0 ? (
        <table className="import-rows">
          <thead><tr><th scope="col">{t('infra.row')}</th><th scope="col">{t('infra.outcome')}</th></tr></thead>
          <tbody>
            {done?.assets.map((a) => <tr key={a.id}><th scope="row"><bdi>{a.name}</bdi></th><td>{t('infra.rowCreated')}</td></tr>)}
            {rows.map((r, i) => <tr key={i}><th scope="row">{t('infra.rowLine', { line: number(r.line) })}</th><td className="bad"><bdi>{r.message}</bdi></td></tr>)}
          </tbody>
        </table>
      ) : null}
    </Panel>
  );
}

function Alerts(props: { readonly session: Session }): ReactNode {
  const { t, date } = useI18n();
  const mark = useMark('alerts');
  const [state, setState] = useState<AlertState | ''>('');
  const [selected, setSelected] = useState<string | undefined>();
  const [round, setRound] = useState(0);
  const list = useLoad((signal) => api.get('/api/v1/alerts', { signal, query: { ...(state !== '' ? { state } : {}), limit: 200 } }), [state, mark, round]);
  const chosen = list.data?.alerts.find((a) => a.id === selected);
  return (
    <Panel id="asset-alerts" title={t('infra.alerts')}>
      <StateFilter id="alerts-state" value={state} onChange={setState} />
      <Loading loaded={list}>{(page) => page.alerts.length === 0 ? <p>{t('infra.alertsNone')}</p> : (
        <table className="alerts">
          <thead><tr>
            <th scope="col">{t('column.asset')}</th><th scope="col">{t('column.object')}</th><th scope="col">{t('infra.sharedBy')}</th>
            <th scope="col">{t('column.raised')}</th><th scope="col">{t('column.state')}</th><th scope="col"><span className="visually-hidden">{t('alerts.details')}</span></th>
          </tr></thead>
          <tbody>{page.alerts.map((a) => (
            <tr key={a.id} className={a.id === selected ? 'chosen' : undefined}>
              <th scope="row"><bdi>{a.asset.name}</bdi></th>
              <td>{a.object.type} <bdi className="id">{a.object.id}</bdi></td>
              <td>{a.sharers.length > 0 ? <bdi className="id">{a.sharers.join(', ')}</bdi> : '—'}</td>
              <td>{date(a.created_at)}</td><td>{stateText(t, a.state)}</td>
              <DetailsCell id={a.id} selected={selected} controls="asset-alert" onSelect={setSelected} />
            </tr>
          ))}</tbody>
        </table>
      )}</Loading>
      <div id="asset-alert">{chosen !== undefined ? <AlertDetail key={chosen.id} alert={chosen} session={props.session} onChanged={() => setRound((r) => r + 1)} /> : null}</div>
    </Panel>
  );
}

const LISTS: Readonly<Record<string, MessageKey>> = { ranges: 'infra.ranges', domains: 'infra.domains', software: 'infra.software' };

function AlertDetail(props: { readonly alert: Alert; readonly session: Session; readonly onChanged: () => void }): ReactNode {
  const { t } = useI18n();
  const a = props.alert;
  return (
    <section className="alert-detail" aria-labelledby="asset-alert-title">
      <h3 id="asset-alert-title">{t('infra.alertTitle', { asset: a.asset.name })}</h3>
      <dl className="facts">
        <dt>{t('column.object')}</dt><dd>{a.object.type} <bdi className="id">{a.object.id}</bdi></dd>
        <dt>{t('infra.creator')}</dt><dd><bdi className="id">{a.creator ?? t('detections.noOriginator')}</bdi></dd>
        <dt>{t('infra.sharedBy')}</dt><dd>{a.sharers.length > 0 ? <bdi className="id">{a.sharers.join(', ')}</bdi> : '—'}</dd>
        {a.evidence.via !== undefined ? <><dt>{t('infra.via')}</dt><dd><bdi className="id">{a.evidence.via}</bdi></dd></> : null}
        {a.evidence.cves !== undefined && a.evidence.cves.length > 0 ? <><dt>{t('infra.cves')}</dt><dd><bdi>{a.evidence.cves.join(', ')}</bdi></dd></> : null}
      </dl>
      <h4>{t('infra.matches')}</h4>
      <table className="evidence">
        <thead><tr><th scope="col">{t('infra.matchList')}</th><th scope="col">{t('infra.value')}</th><th scope="col">{t('infra.where')}</th><th scope="col">{t('detections.why')}</th></tr></thead>
        <tbody>{a.evidence.matches.map((m, i) => (
          <tr key={i}>
            <td>{LISTS[m.field] !== undefined ? t(LISTS[m.field] as MessageKey) : m.field}: <bdi className="id">{m.entry}</bdi></td>
            <td><bdi>{clip(m.value)}</bdi></td><td><bdi className="id">{clip(m.where)}</bdi></td><td><bdi>{clip(m.why)}</bdi></td>
          </tr>
        ))}</tbody>
      </table>
      <h4>{t('alerts.changes')}</h4>
      <ChangeList changes={a.changes} />
      {may.changeState(props.session) ? (
        <StateActions id="alert-state" state={a.state} change={async (to, note) => {
          await api.post('/api/v1/alerts/{id}/state', { state: to, ...(note !== undefined ? { note } : {}) }, { params: { id: a.id } });
          props.onChanged();
        }} />
      ) : null}
    </section>
  );
}
