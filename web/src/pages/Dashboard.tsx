// The dashboard: what is new since my last visit, alerts on my infrastructure, detections in our
// own traffic and (for those who run the node) the peers' health — at a glance, kept current by
// the live marks. Later work adds its panels here (requests awaiting me, consultations).
import { useEffect, useState, type ReactNode } from 'react';
import { api, type Answer } from '../api/client.js';
import { Loading, Panel, useLoad } from '../common.js';
import { useI18n, type I18n, type MessageKey } from '../i18n/index.js';
import { useMark } from '../live.js';
import { objectName } from './explorer/diff.js';
import type { Session } from './SignIn.js';

/** What counts as intelligence here: STIX 2.1 domain and relationship objects (not observables, markings or Accord's own records). */
const INTEL_TYPES = [
  'attack-pattern', 'campaign', 'course-of-action', 'grouping', 'identity', 'incident', 'indicator', 'infrastructure', 'intrusion-set', 'location',
  'malware', 'malware-analysis', 'note', 'observed-data', 'opinion', 'report', 'threat-actor', 'tool', 'vulnerability', 'relationship', 'sighting',
].join(',');

/** Objects counted at most: beyond it the count shows as "1,000+". */
const COUNT_BOUND = 1000;
const SHOWN = 10;

type Peer = Answer<'/api/v1/peers', 'get'>['peers'][number];

/** A peer's sync health in words: in sync, behind by how long, failing with what, or never reached. */
export function peerStatus(p: Peer, t: I18n['t'], duration: I18n['duration']): string {
  if (p.last_error !== null && p.failures > 0) return t('dashboard.peerError', { message: p.last_error.message });
  if (p.last_success === null) return t('dashboard.peerNever');
  if (p.caught_up || p.lag_seconds === null || p.lag_seconds < 60) return t('dashboard.peerOk');
  return t('dashboard.peerLag', { duration: duration(p.lag_seconds) });
}

/** A string property as text; anything else (absent, or not a string in a received object) as nothing. */
const text = (v: unknown): string => (typeof v === 'string' ? v : '');

export function Dashboard(props: { readonly session: Session }): ReactNode {
  const { t, date, number, duration } = useI18n();
  const roles = props.session.roles;
  const readsIntel = roles.some((r) => r !== 'admin');
  const objectsMark = useMark('objects');
  const alertsMark = useMark('alerts');
  const detectionsMark = useMark('detections');
  // The previous visit is read once, then this visit is recorded: "new" stays new while the page is open.
  const [since, setSince] = useState<{ at: string | null } | undefined>();
  useEffect(() => {
    let gone = false;
    void (async () => {
      const before = await api.get('/api/v1/me/preferences');
      if (!gone) setSince({ at: before.last_visit_at });
      await api.patch('/api/v1/me/preferences', { visited: true });
    })().catch(() => { if (!gone) setSince({ at: null }); });
    return () => { gone = true; };
  }, []);

  const intel = useLoad(async (signal) => {
    if (!readsIntel || since === undefined) return undefined;
    const page = await api.get('/api/v1/objects', { signal, query: { type: INTEL_TYPES, limit: COUNT_BOUND, ...(since.at !== null ? { added_after: since.at } : {}) } });
    return page;
  }, [since, objectsMark, readsIntel]);
  const alerts = useLoad((signal) => api.get('/api/v1/alerts', { signal, query: { state: 'new', limit: SHOWN } }), [alertsMark]);
  const detections = useLoad(async (signal) => (readsIntel ? api.get('/api/v1/detections', { signal, query: { state: 'new', limit: SHOWN } }) : undefined), [detectionsMark, readsIntel]);
  const peers = useLoad(async (signal) => (roles.includes('admin') ? api.get('/api/v1/peers', { signal }) : undefined), [objectsMark]);

  return (
    <main id="main">
      <h1>{t('dashboard.welcome', { name: props.session.username })}</h1>
      <p className="muted">{since?.at != null ? t('dashboard.lastVisit', { date: date(since.at) }) : since !== undefined ? t('dashboard.firstVisit') : t('app.loading')}</p>
      <div className="panels">
        {readsIntel ? (
          <Panel id="new-intel" title={t('dashboard.newIntel')}>
            <Loading loaded={intel}>{(page) => page === undefined ? null : page.objects.length === 0 ? <p>{t('dashboard.noNewIntel')}</p> : (
              <>
                <p className="figure">{t('dashboard.newIntelCount', { count: page.more ? `${number(COUNT_BOUND)}+` : number(page.objects.length) })}</p>
                <table>
                  <thead><tr><th scope="col">{t('column.type')}</th><th scope="col">{t('column.name')}</th><th scope="col">{t('column.creator')}</th></tr></thead>
                  <tbody>{page.objects.slice(-SHOWN).reverse().map((o) => {
                    const obj = o as Record<string, unknown>;
                    return <tr key={`${o.id}/${text(obj.modified)}`}><td>{o.type}</td><td><bdi>{objectName(obj)}</bdi></td><td><bdi>{text(obj.created_by_ref)}</bdi></td></tr>;
                  })}</tbody>
                </table>
              </>
            )}</Loading>
          </Panel>
        ) : null}
        <Panel id="asset-alerts" title={t('dashboard.assetAlerts')}>
          <Loading loaded={alerts}>{(page) => page.alerts.length === 0 ? <p>{t('dashboard.noAssetAlerts')}</p> : (
            <table>
              <thead><tr><th scope="col">{t('column.asset')}</th><th scope="col">{t('column.object')}</th><th scope="col">{t('column.raised')}</th><th scope="col">{t('column.state')}</th></tr></thead>
              <tbody>{page.alerts.map((a) => (
                <tr key={a.id}><td><bdi>{a.asset.name}</bdi></td><td><bdi>{a.object.type}</bdi> <bdi className="muted id">{a.object.id}</bdi></td><td>{date(a.created_at)}</td><td>{t(`state.${a.state}` as MessageKey)}</td></tr>
              ))}</tbody>
            </table>
          )}</Loading>
        </Panel>
        {readsIntel ? (
          <Panel id="detections" title={t('dashboard.detections')}>
            <Loading loaded={detections}>{(page) => page === undefined ? null : page.detections.length === 0 ? <p>{t('dashboard.noDetections')}</p> : (
              <table>
                <thead><tr><th scope="col">{t('column.indicator')}</th><th scope="col">{t('column.count')}</th><th scope="col">{t('column.lastSeen')}</th></tr></thead>
                <tbody>{page.detections.map((d) => (
                  <tr key={d.id}><td><bdi>{d.indicator.name ?? d.indicator.id}</bdi></td><td>{number(d.count)}</td><td>{date(d.last_seen)}</td></tr>
                ))}</tbody>
              </table>
            )}</Loading>
          </Panel>
        ) : null}
        {roles.includes('admin') ? (
          <Panel id="peers" title={t('dashboard.peers')}>
            <Loading loaded={peers}>{(answer) => answer === undefined ? null : answer.peers.length === 0 ? <p>{t('dashboard.noPeers')}</p> : (
              <table>
                <thead><tr><th scope="col">{t('column.member')}</th><th scope="col">{t('column.status')}</th></tr></thead>
                <tbody>{answer.peers.map((p) => (
                  <tr key={p.member_id}><td><bdi>{p.name ?? p.member_id}</bdi></td><td>{peerStatus(p, t, duration)}</td></tr>
                ))}</tbody>
              </table>
            )}</Loading>
          </Panel>
        ) : null}
      </div>
    </main>
  );
}
