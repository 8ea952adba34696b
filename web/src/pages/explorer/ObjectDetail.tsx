// One object in the explorer: its latest version readably (the telling properties of its type
// first, then every property as text), every version with what changed from the one before,
// sightings from all members (indicators), and who received it with the sharing policy's reasons.
// Everything shown came from some member and may be hostile: React text inside <bdi>, links only
// to other objects here or to http(s) addresses (rel="noopener noreferrer").
import type { ReactNode } from 'react';
import { api, type Answer } from '../../api/client.js';
import { Loading, Panel, useLoad } from '../../common.js';
import { useI18n, type MessageKey } from '../../i18n/index.js';
import { useMarkMoves } from '../../live.js';
import { Link } from '../../router.js';
import { diffVersions, isStixId, objectName, safeUrl, valueText, type Change } from './diff.js';
import { objectPath } from './Explorer.js';

type Versions = Answer<'/api/v1/objects/{id}', 'get'>['versions'];
type Obj = Readonly<Record<string, unknown>>;

/** The properties that say most about an object of each type, shown first. */
const TELLING: Readonly<Record<string, readonly string[]>> = {
  indicator: ['pattern', 'pattern_type', 'indicator_types', 'valid_from', 'valid_until', 'kill_chain_phases'],
  malware: ['malware_types', 'is_family', 'aliases', 'capabilities', 'kill_chain_phases'],
  report: ['report_types', 'published', 'object_refs'],
  'threat-actor': ['threat_actor_types', 'aliases', 'roles', 'goals', 'sophistication'],
  'intrusion-set': ['aliases', 'goals', 'resource_level', 'primary_motivation'],
  'attack-pattern': ['aliases', 'kill_chain_phases'],
  campaign: ['aliases', 'first_seen', 'last_seen', 'objective'],
  vulnerability: ['external_references'],
  relationship: ['relationship_type', 'source_ref', 'target_ref'],
  sighting: ['sighting_of_ref', 'where_sighted_refs', 'count', 'first_seen', 'last_seen'],
  note: ['content', 'object_refs'],
  'observed-data': ['first_observed', 'last_observed', 'number_observed', 'object_refs'],
};

export function ObjectDetail(props: { readonly id: string }): ReactNode {
  const { t } = useI18n();
  const objectsMark = useMarkMoves('objects');
  const versions = useLoad((signal) => api.get('/api/v1/objects/{id}', { signal, params: { id: props.id } }), [props.id, objectsMark]);
  return (
    <main id="main" className="object-detail">
      <p><Link to="/explorer">{t('explorer.back')}</Link></p>
      <Loading loaded={versions}>{(answer) => <Detail id={props.id} versions={answer.versions} />}</Loading>
    </main>
  );
}

function Detail(props: { readonly id: string; readonly versions: Versions }): ReactNode {
  const { t, date } = useI18n();
  const latest = props.versions.at(-1);
  if (latest === undefined) return <h1>{t('error.notFound')}</h1>;
  const obj = latest.object as Obj;
  const telling = (TELLING[obj.type as string] ?? []).filter((k) => Object.hasOwn(obj, k));
  const rest = Object.keys(obj).filter((k) => !telling.includes(k));
  return (
    <>
      <h1><bdi>{objectName(obj)}</bdi></h1>
      <p className="muted"><bdi>{latest.object.type}</bdi> · <bdi className="id">{props.id}</bdi>{latest.revoked ? ` · ${t('explorer.revoked')}` : ''}</p>
      <div className="panels detail-panels">
        <Panel id="object-properties" title={t('explorer.properties')}>
          <table className="properties">
            <caption className="visually-hidden">{t('explorer.propertiesOf', { version: date(latest.version) })}</caption>
            <tbody>{[...telling, ...rest].map((k) => (
              <tr key={k} className={telling.includes(k) ? 'telling' : undefined}>
                <th scope="row"><bdi>{k}</bdi></th>
                <td><Value property={k} value={obj[k]} /></td>
              </tr>
            ))}</tbody>
          </table>
        </Panel>
        <Panel id="object-versions" title={t('explorer.versions', { count: props.versions.length })}>
          <VersionList versions={props.versions} />
        </Panel>
        {obj.type === 'indicator' ? <Sightings id={props.id} /> : null}
        <Sharing id={props.id} />
      </div>
    </>
  );
}

/** A property's value as text; identifiers link to their object, external references to their http(s) address. */
function Value(props: { readonly property: string; readonly value: unknown }): ReactNode {
  const v = props.value;
  if (isStixId(v)) return <Link to={objectPath(v)}><bdi className="id">{v}</bdi></Link>;
  if (Array.isArray(v) && v.length > 0 && v.every(isStixId)) {
    return <ul className="refs">{v.map((id, i) => <li key={`${i}-${id}`}><Link to={objectPath(id)}><bdi className="id">{id}</bdi></Link></li>)}</ul>;
  }
  if (props.property === 'external_references' && Array.isArray(v)) {
    return <ul className="refs">{(v as unknown[]).map((r, i) => <li key={i}><ExternalReference value={r} /></li>)}</ul>;
  }
  return <Text value={valueText(v)} className={typeof v === 'string' && props.property !== 'pattern' ? 'text' : 'text code'} />;
}

function ExternalReference(props: { readonly value: unknown }): ReactNode {
  const r = (typeof props.value === 'object' && props.value !== null ? props.value : {}) as Obj;
  const url = safeUrl(r.url);
  const title = [r.source_name, r.external_id].filter((x): x is string => typeof x === 'string' && x !== '').join(' ');
  return (
    <>
      {url !== undefined ? <a href={url} rel="noopener noreferrer" target="_blank"><bdi>{title !== '' ? title : url}</bdi></a> : <bdi>{title}</bdi>}
      {typeof r.url === 'string' && url === undefined ? <> <Text value={r.url} className="muted text" /></> : null}
      {typeof r.description === 'string' ? <> — <Text value={r.description} /></> : null}
    </>
  );
}

/** The most characters of one value laid out: a browser takes seconds to lay out a megabyte of text. */
const SHOWN_CHARACTERS = 10_000;

/** A text value, cut at SHOWN_CHARACTERS with a note saying how long it really is. */
function Text(props: { readonly value: string; readonly className?: string }): ReactNode {
  const { t } = useI18n();
  const long = props.value.length > SHOWN_CHARACTERS;
  return (
    <>
      <bdi className={props.className ?? 'text'}>{long ? `${props.value.slice(0, SHOWN_CHARACTERS)}…` : props.value}</bdi>
      {long ? <span className="muted">{t('explorer.shortened', { count: props.value.length })}</span> : null}
    </>
  );
}

const CHANGE_KEY: Readonly<Record<Change['kind'], MessageKey>> = { added: 'explorer.added', removed: 'explorer.removed', changed: 'explorer.changed' };

/** Every version, newest first, each with what changed from the one before it. */
function VersionList(props: { readonly versions: Versions }): ReactNode {
  const { t, date } = useI18n();
  const newestFirst = props.versions.map((v, i) => ({ v, before: i > 0 ? props.versions[i - 1] : undefined })).reverse();
  return (
    <ol className="versions" reversed>{newestFirst.map(({ v, before }) => {
      const changes = before === undefined ? undefined : diffVersions(before.object, v.object);
      return (
        <li key={`${v.date_added}`}>
          <h3>{t('explorer.version', { version: date(v.version) })}</h3>
          <p className="muted">{t('explorer.stored', { date: date(v.date_added) })}{v.latest ? ` · ${t('explorer.latest')}` : ''}</p>
          {changes === undefined ? <p>{t('explorer.firstVersion')}</p> : changes.length === 0 ? <p>{t('explorer.noChange')}</p> : (
            <table className="diff">
              <caption className="visually-hidden">{t('explorer.changesIn', { version: date(v.version) })}</caption>
              <thead><tr>
                <th scope="col">{t('explorer.property')}</th><th scope="col">{t('explorer.change')}</th>
                <th scope="col">{t('explorer.before')}</th><th scope="col">{t('explorer.after')}</th>
              </tr></thead>
              <tbody>{changes.map((c) => (
                <tr key={c.property} className={`diff-${c.kind}`}>
                  <th scope="row"><bdi>{c.property}</bdi></th><td>{t(CHANGE_KEY[c.kind])}</td>
                  <td><Text value={c.before} /></td><td><Text value={c.after} /></td>
                </tr>
              ))}</tbody>
            </table>
          )}
        </li>
      );
    })}</ol>
  );
}

function Sightings(props: { readonly id: string }): ReactNode {
  const { t, number } = useI18n();
  const mark = useMarkMoves('objects', 'detections');
  const sightings = useLoad((signal) => api.get('/api/v1/indicators/{id}/sightings', { signal, params: { id: props.id } }), [props.id, mark]);
  return (
    <Panel id="object-sightings" title={t('explorer.sightings')}>
      <Loading loaded={sightings}>{(answer) => answer.by_member.length === 0 ? <p>{t('explorer.noSightings')}</p> : (
        <table>
          <thead><tr>
            <th scope="col">{t('explorer.column.member')}</th><th scope="col">{t('explorer.column.sightingType')}</th>
            <th scope="col">{t('explorer.column.sightings')}</th><th scope="col">{t('explorer.column.events')}</th>
          </tr></thead>
          <tbody>{answer.by_member.map((m) => (
            <tr key={`${m.member}/${m.type}`}><td><bdi>{m.member}</bdi></td><td><bdi>{m.type}</bdi></td><td>{number(m.sightings)}</td><td>{number(m.count)}</td></tr>
          ))}</tbody>
        </table>
      )}</Loading>
    </Panel>
  );
}

function Sharing(props: { readonly id: string }): ReactNode {
  const { t } = useI18n();
  const sharing = useLoad((signal) => api.get('/api/v1/objects/{id}/sharing', { signal, params: { id: props.id } }), [props.id]);
  return (
    <Panel id="object-sharing" title={t('explorer.sharing')}>
      <Loading loaded={sharing}>{(answer) => (
        <>
          {answer.shares.length === 0 ? <p>{t('explorer.noShares')}</p> : (
            <ul className="shares">{answer.shares.map((s) => (
              <li key={s.id}>
                <bdi>{t('explorer.sharedBy', { member: s.sharer_name })}</bdi> <Text value={s.words} />
                {s.state === 'quarantined' ? <> · <strong>{t('explorer.quarantined')}</strong> <Text value={s.reason ?? ''} /></> : null}
              </li>
            ))}</ul>
          )}
          <h3>{t('explorer.readers')}</h3>
          {answer.readers.length === 0 ? <p>{t('explorer.noReaders')}</p> : (
            <ul className="readers">{answer.readers.map((r) => (
              <li key={r.member}><strong><bdi>{r.name}</bdi></strong>: <Text value={r.explanation} /></li>
            ))}</ul>
          )}
        </>
      )}</Loading>
    </Panel>
  );
}
