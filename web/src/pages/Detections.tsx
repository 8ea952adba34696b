// Detections and alerts (issue 9): what matched this member's own logs — one alert per indicator
// with its originator, count, first and last seen — and, for the alert chosen, the evidence (the
// first events: source, line, why it matched, the event as read), its state changes, the actions
// (acknowledge, resolve, false positive; sharing the sighting back to the originator) for the roles
// that may take them, and the sightings of the indicator gathered from every member. Live: the
// list and the alert reload when the detections mark moves. Everything shown from an event or a
// received indicator is untrusted text: React text inside <bdi>, clamped by the stylesheet.
import { useState, type ReactNode } from 'react';
import { api, type Answer } from '../api/client.js';
import { ErrorNotice, Loading, Panel, useLoad } from '../common.js';
import { useI18n, type MessageKey } from '../i18n/index.js';
import { useMark } from '../live.js';
import { ALERT_CODES, ChangeList, clip, DetailsCell, may, StateActions, StateFilter, stateText, type AlertState } from './alert-parts.js';
import type { Session } from './SignIn.js';
import { useAction } from './use-action.js';

type Detection = Answer<'/api/v1/detections/{id}', 'get'>;
type Shared = Answer<'/api/v1/detections/{id}/share', 'post'>;

/** The node's problems about sharing a sighting back, in the user's language. */
const SHARE_CODES: Readonly<Record<string, MessageKey>> = {
  ...ALERT_CODES,
  'detection.no-originator': 'detections.error.noOriginator', 'detection.own-indicator': 'detections.error.own',
  'detection.no-sighting': 'detections.error.noSighting', 'share.unavailable': 'detections.error.unavailable', 'detection.unavailable': 'detections.error.unavailable',
};
const KINDS: Readonly<Record<string, MessageKey>> = { sighting: 'detections.kind.sighting', 'false-positive': 'detections.kind.false-positive', expiry: 'detections.kind.expiry' };

export function Detections(props: { readonly session: Session }): ReactNode {
  const { t, date, number } = useI18n();
  const mark = useMark('detections');
  const [state, setState] = useState<AlertState | ''>('');
  const [selected, setSelected] = useState<string | undefined>();
  const list = useLoad((signal) => api.get('/api/v1/detections', { signal, query: { ...(state !== '' ? { state } : {}), limit: 200 } }), [state, mark]);
  return (
    <main id="main">
      <h1>{t('detections.title')}</h1>
      <p className="muted">{t('detections.intro')}</p>
      <Panel id="detection-list" title={t('detections.list')}>
        <StateFilter id="detections-state" value={state} onChange={setState} />
        <Loading loaded={list}>{(page) => page.detections.length === 0 ? <p>{t('detections.none')}</p> : (
          <table className="alerts">
            <thead><tr>
              <th scope="col">{t('column.indicator')}</th><th scope="col">{t('detections.originator')}</th><th scope="col">{t('column.count')}</th>
              <th scope="col">{t('detections.firstSeen')}</th><th scope="col">{t('column.lastSeen')}</th><th scope="col">{t('column.state')}</th>
              <th scope="col"><span className="visually-hidden">{t('alerts.details')}</span></th>
            </tr></thead>
            <tbody>{page.detections.map((d) => (
              <tr key={d.id} className={d.id === selected ? 'chosen' : undefined}>
                <th scope="row"><bdi>{clip(d.indicator.name ?? d.indicator.id)}</bdi></th>
                <td><bdi className="id">{d.indicator.originator ?? t('detections.noOriginator')}</bdi></td>
                <td>{number(d.count)}</td><td>{date(d.first_seen)}</td><td>{date(d.last_seen)}</td><td>{stateText(t, d.state)}</td>
                <DetailsCell id={d.id} selected={selected} controls="detection" onSelect={setSelected} />
              </tr>
            ))}</tbody>
          </table>
        )}</Loading>
      </Panel>
      <div id="detection">{selected !== undefined ? <DetectionDetail key={selected} id={selected} session={props.session} mark={mark} onChanged={list.reload} /> : null}</div>
    </main>
  );
}

function DetectionDetail(props: { readonly id: string; readonly session: Session; readonly mark: string; readonly onChanged: () => void }): ReactNode {
  const { t, date, number } = useI18n();
  const [round, setRound] = useState(0);
  const detail = useLoad((signal) => api.get('/api/v1/detections/{id}', { signal, params: { id: props.id } }), [props.id, props.mark, round]);
  const changed = (): void => {
    setRound((r) => r + 1);
    props.onChanged();
  };
  return (
    <Loading loaded={detail}>{(d) => (
      <Panel id="detection-detail" title={t('detections.selected', { name: clip(d.indicator.name ?? d.indicator.id, 120) })}>
        <dl className="facts">
          <dt>{t('column.indicator')}</dt><dd><bdi className="id">{d.indicator.id}</bdi></dd>
          <dt>{t('detections.originator')}</dt><dd><bdi className="id">{d.indicator.originator ?? t('detections.noOriginator')}</bdi></dd>
          <dt>{t('column.count')}</dt><dd>{number(d.count)}</dd>
          <dt>{t('detections.firstSeen')}</dt><dd>{date(d.first_seen)}</dd>
          <dt>{t('column.lastSeen')}</dt><dd>{date(d.last_seen)}</dd>
          <dt>{t('column.state')}</dt><dd>{stateText(t, d.state)}</dd>
          <dt>{t('detections.sighting')}</dt><dd>{sharedStatus(d, t, date)}</dd>
        </dl>
        <h3>{t('detections.evidence')}</h3>
        <Evidence detection={d} />
        <h3>{t('alerts.changes')}</h3>
        <ChangeList changes={d.changes} />
        {may.changeState(props.session) ? (
          <StateActions id="detection-state" state={d.state} change={async (to, note) => {
            await api.post('/api/v1/detections/{id}/state', { state: to, ...(note !== undefined ? { note } : {}) }, { params: { id: d.id } });
            changed();
          }} />
        ) : null}
        {may.share(props.session) ? <ShareBack detection={d} onShared={changed} /> : null}
        {may.readIntel(props.session) ? <GatheredSightings indicator={d.indicator.id} mark={props.mark} /> : null}
      </Panel>
    )}</Loading>
  );
}

function sharedStatus(d: Detection, t: ReturnType<typeof useI18n>['t'], date: (iso: string) => string): string {
  if (d.sighting.shared_at === null) return t('detections.notShared');
  const shared = t('detections.sharedAt', { date: date(d.sighting.shared_at) });
  return d.sighting.shared_version !== d.sighting.version ? `${shared} ${t('detections.newerNotShared')}` : shared;
}

function Evidence(props: { readonly detection: Detection }): ReactNode {
  const { t, date, number } = useI18n();
  if (props.detection.evidence.length === 0) return <p className="muted">{t('detections.evidenceNone')}</p>;
  return (
    <table className="evidence">
      <thead><tr>
        <th scope="col">{t('detections.seen')}</th><th scope="col">{t('detections.source')}</th><th scope="col">{t('detections.why')}</th><th scope="col">{t('detections.raw')}</th>
      </tr></thead>
      <tbody>{props.detection.evidence.map((e, i) => (
        <tr key={`${e.observed_data}/${i}`}>
          <td>{date(e.seen)}</td>
          <td><bdi>{clip(e.source)}</bdi>{e.line !== null ? <span className="muted"> {t('detections.line', { line: number(e.line) })}</span> : null}</td>
          <td><bdi>{clip(e.why)}</bdi></td>
          <td>{e.raw !== null ? <pre className="raw" dir="auto" tabIndex={0} role="group" aria-label={t('detections.raw')}><bdi>{e.raw}</bdi></pre> : <span className="muted">{t('detections.noRaw')}</span>}</td>
        </tr>
      ))}</tbody>
    </table>
  );
}

/** Sharing the sighting back to the indicator's originator alone, and what came of it. */
function ShareBack(props: { readonly detection: Detection; readonly onShared: () => void }): ReactNode {
  const { t, number } = useI18n();
  const [withEvidence, setWithEvidence] = useState(false);
  const action = useAction<Shared>();
  const share = (): Promise<void> => action.run(async () => {
    const shared = await api.post('/api/v1/detections/{id}/share', { with_evidence: withEvidence }, { params: { id: props.detection.id } });
    props.onShared();
    return shared;
  });
  const outcome = action.result;
  return (
    <section className="share-back" aria-labelledby="share-back-title">
      <h3 id="share-back-title">{t('detections.share')}</h3>
      <p className="muted">{t('detections.shareHint')}</p>
      <div className="check">
        <input id="share-evidence" type="checkbox" checked={withEvidence} onChange={(e) => setWithEvidence(e.target.checked)} />
        <label htmlFor="share-evidence">{t('detections.withEvidence')}</label>
      </div>
      <button type="button" disabled={action.busy} onClick={() => void share()}>{t('detections.shareButton')}</button>
      <div role="status">{outcome === undefined ? null : (
        <>
          <p>{outcome.publication !== null
            ? <>{t('detections.sharedPending')} <bdi className="id">{outcome.publication}</bdi></>
            : <>{t('detections.shared', { count: number(outcome.shared) })} <bdi className="id">{outcome.originator}</bdi></>}</p>
          {outcome.refused.length > 0 ? (
            <ul>{outcome.refused.map((r) => <li key={r.id}>{t('detections.refused')} <bdi className="id">{r.id}</bdi> — <bdi>{r.reason}</bdi></li>)}</ul>
          ) : null}
        </>
      )}</div>
      {action.error !== undefined ? <ErrorNotice error={action.error} codes={SHARE_CODES} /> : null}
    </section>
  );
}

/** Every sighting of the indicator the node holds (this member's and those shared with it), by member and kind. */
function GatheredSightings(props: { readonly indicator: string; readonly mark: string }): ReactNode {
  const { t, number } = useI18n();
  const gathered = useLoad((signal) => api.get('/api/v1/indicators/{id}/sightings', { signal, params: { id: props.indicator } }), [props.indicator, props.mark]);
  return (
    <section aria-labelledby="sightings-title">
      <h3 id="sightings-title">{t('detections.sightings')}</h3>
      <Loading loaded={gathered}>{(g) => g.by_member.length === 0 ? <p>{t('detections.sightingsNone')}</p> : (
        <table>
          <thead><tr><th scope="col">{t('column.member')}</th><th scope="col">{t('detections.kind')}</th><th scope="col">{t('detections.sightingCount')}</th><th scope="col">{t('column.count')}</th></tr></thead>
          <tbody>{g.by_member.map((m) => (
            <tr key={`${m.member}/${m.type}`}>
              <td><bdi className="id">{m.member}</bdi></td><td>{KINDS[m.type] !== undefined ? t(KINDS[m.type] as MessageKey) : <bdi>{m.type}</bdi>}</td>
              <td>{number(m.sightings)}</td><td>{number(m.count)}</td>
            </tr>
          ))}</tbody>
        </table>
      )}</Loading>
    </section>
  );
}
