// Federation: the members of the mechanism as this node computes them (status, node, 24/7
// contact, the decision rule), membership proposals awaiting endorsement (liaison officers
// endorse as this member), the peers' sync health with what each sent that was held back
// (administrators), and publication requests awaiting a second pair of eyes (analysts approve or
// reject). Each panel shows what the signed-in roles may read; the node enforces the same.
import { useState, type FormEvent, type ReactNode } from 'react';
import { api, type Answer } from '../api/client.js';
import { Loading, Panel, useLoad } from '../common.js';
import { useI18n, type MessageKey } from '../i18n/index.js';
import { useMark } from '../live.js';
import { useActing } from './acting.js';
import { peerStatus } from './Dashboard.js';
import type { Session } from './SignIn.js';

type Listing = Answer<'/api/v1/members', 'get'>;
type Peer = Answer<'/api/v1/peers', 'get'>['peers'][number];
type Publication = Answer<'/api/v1/publications', 'get'>['publications'][number];

/** Member names by id, for the ids decisions and endorsements carry. */
const namesOf = (l: Listing): ReadonlyMap<string, string> => new Map(l.members.map((m) => [m.id, m.name]));

function Members(props: { readonly listing: Listing }): ReactNode {
  const { t } = useI18n();
  const l = props.listing;
  return (
    <>
      <p className="muted">{l.rule === undefined ? t('federation.staticList')
        : t('federation.rule', { rule: l.rule.kind === 'consensus' ? t('federation.ruleConsensus') : t('federation.ruleMajority', { n: l.rule.numerator, d: l.rule.denominator }) })}</p>
      {l.members.length === 0 ? <p>{t('federation.noMembers')}</p> : (
        <table className="members">
          <thead><tr>
            <th scope="col">{t('column.member')}</th><th scope="col">{t('column.status')}</th><th scope="col">{t('federation.node')}</th><th scope="col">{t('federation.contact')}</th>
          </tr></thead>
          <tbody>{l.members.map((m) => (
            <tr key={m.id}>
              <th scope="row"><bdi>{m.name}</bdi>{m.id === l.self ? <span className="muted"> {t('federation.self')}</span> : null}</th>
              <td className={m.status === 'active' ? 'ok' : 'warn'}>{t(m.status === 'active' ? 'federation.active' : 'federation.suspended')}</td>
              <td><bdi className="id">{m.nodeUrl}</bdi></td>
              <td><bdi>{[m.contacts?.pointOfContact, m.contacts?.email, m.contacts?.phone].filter((c) => c !== undefined && c !== '').join(' · ')}</bdi></td>
            </tr>
          ))}</tbody>
        </table>
      )}
    </>
  );
}

function Proposals(props: { readonly listing: Listing; readonly mayEndorse: boolean; readonly onEndorsed: () => void }): ReactNode {
  const { t, number } = useI18n();
  const acting = useActing(props.onEndorsed);
  const names = namesOf(props.listing);
  const name = (id: string): string => names.get(id) ?? id;
  const pending = props.listing.pending ?? [];
  const endorse = (id: string): Promise<void> => acting.runAs(id, async () => {
    const r = await api.post('/api/v1/members/proposals/{id}/endorse', undefined, { params: { id } });
    return [r.applied ? 'federation.applied' : 'federation.endorsed'];
  });

  return (
    <>
      {acting.feedback}
      {pending.length === 0 ? <p>{t('federation.noProposals')}</p> : (
        <table className="proposals">
          <thead><tr>
            <th scope="col">{t('federation.decision')}</th><th scope="col">{t('federation.endorsedBy')}</th><th scope="col">{t('federation.notYet')}</th>
            <th scope="col">{t('federation.needed')}</th>{props.mayEndorse ? <th scope="col">{t('federation.actions')}</th> : null}
          </tr></thead>
          <tbody>{pending.map((p) => {
            const mine = p.endorsedBy.includes(props.listing.self);
            return (
              <tr key={p.id}>
                <th scope="row">{t(`federation.decision.${p.action}` as MessageKey)} <bdi className="muted id">{p.id}</bdi></th>
                <td><bdi>{p.endorsedBy.map(name).join(', ')}</bdi></td>
                <td><bdi>{p.notYet.map(name).join(', ')}</bdi></td>
                <td>{number(p.needed)}</td>
                {props.mayEndorse ? (
                  <td>{mine ? <span className="muted">{t('federation.youEndorsed')}</span> : (
                    <button type="button" disabled={acting.busy !== undefined} onClick={() => void endorse(p.id)}>{acting.busy === p.id ? t('federation.endorsing') : t('federation.endorse')}</button>
                  )}</td>
                ) : null}
              </tr>
            );
          })}</tbody>
        </table>
      )}
    </>
  );
}

function Peers(props: { readonly peers: readonly Peer[] }): ReactNode {
  const { t, date, number, duration } = useI18n();
  if (props.peers.length === 0) return <p>{t('federation.noPeers')}</p>;
  const push = (p: Peer): string => {
    if (p.push_error !== null && p.push_failures > 0) return t('federation.pushError', { count: p.push_failures, message: p.push_error.message });
    if (p.last_push !== null) return t('federation.pushOk', { date: date(p.last_push) });
    return t('federation.pushNever');
  };
  return (
    <>
      <table className="peers">
        <thead><tr>
          <th scope="col">{t('column.member')}</th><th scope="col">{t('column.status')}</th><th scope="col">{t('federation.lastSuccess')}</th>
          <th scope="col">{t('federation.lag')}</th><th scope="col">{t('federation.push')}</th><th scope="col">{t('federation.received')}</th><th scope="col">{t('federation.quarantine')}</th>
        </tr></thead>
        <tbody>{props.peers.map((p) => (
          <tr key={p.member_id}>
            <th scope="row"><bdi>{p.name}</bdi></th>
            <td className={p.last_error !== null && p.failures > 0 ? 'warn' : undefined}><bdi>{peerStatus(p, t, duration)}</bdi></td>
            <td>{p.last_success !== null ? date(p.last_success) : t('federation.never')}</td>
            <td>{p.lag_seconds !== null && p.lag_seconds >= 60 ? duration(p.lag_seconds) : '—'}</td>
            <td><bdi>{push(p)}</bdi></td>
            <td>{t('federation.receivedCount', { objects: p.objects_received, records: p.records_received })}</td>
            <td>{number(p.quarantined)}</td>
          </tr>
        ))}</tbody>
      </table>
      {props.peers.filter((p) => p.recent_quarantine.length > 0).map((p) => (
        <details key={p.member_id} className="quarantine">
          <summary>{t('federation.quarantineOf', { name: p.name, count: p.quarantined })}</summary>
          <table>
            <thead><tr><th scope="col">{t('federation.heldAt')}</th><th scope="col">{t('federation.heldObject')}</th><th scope="col">{t('federation.heldReason')}</th></tr></thead>
            <tbody>{p.recent_quarantine.map((q, i) => (
              <tr key={`${q.at}/${i}`}>
                <td>{date(q.at)}</td>
                <td><bdi className="id">{q.object_id ?? ''}</bdi></td>
                <td><bdi className="id">{q.code}</bdi> <bdi>{q.reason}</bdi></td>
              </tr>
            ))}</tbody>
          </table>
        </details>
      ))}
    </>
  );
}

function audienceText(p: Publication, t: (k: MessageKey, v?: Record<string, string | number>) => string): string {
  const a = p.terms.audience;
  if (a.kind === 'all') return t('federation.audienceAll');
  if (a.kind === 'sharer') return t('federation.audienceSelf');
  if (a.kind === 'members') return t('federation.audienceMembers', { count: a.members.length });
  return t('federation.audienceGroup', { group: a.group, version: a.version });
}

/** Rejecting takes a reason: asked for in place, checked here and by the node. */
export function RejectForm(props: { readonly id: string; readonly onReject: (reason: string) => void; readonly onCancel: () => void }): ReactNode {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [invalid, setInvalid] = useState(false);
  const field = `reject-${props.id}`;
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (reason.trim() === '') return setInvalid(true);
    props.onReject(reason.trim());
  };
  return (
    <form className="reject" noValidate onSubmit={submit}>
      <label htmlFor={field}>{t('federation.rejectReason')}</label>
      <input id={field} value={reason} maxLength={1000} onChange={(e) => setReason(e.target.value)} aria-invalid={invalid}
        aria-describedby={invalid ? `${field}-invalid` : undefined} />
      {invalid ? <p id={`${field}-invalid`} role="alert" className="notice error">{t('federation.reasonRequired')}</p> : null}
      <button type="submit" className="danger">{t('federation.rejectConfirm')}</button>
      <button type="button" className="secondary" onClick={props.onCancel}>{t('federation.cancel')}</button>
    </form>
  );
}

function Publications(props: { readonly publications: readonly Publication[]; readonly self: string; readonly onDecided: () => void }): ReactNode {
  const { t, date, number } = useI18n();
  const [rejecting, setRejecting] = useState<string | undefined>();
  const { run: decide, feedback } = useActing(props.onDecided);
  return (
    <>
      {feedback}
      {props.publications.length === 0 ? <p>{t('federation.noPublications')}</p> : (
        <table className="publications">
          <thead><tr>
            <th scope="col">{t('federation.requestedBy')}</th><th scope="col">{t('federation.requestedAt')}</th><th scope="col">TLP</th>
            <th scope="col">{t('federation.audience')}</th><th scope="col">{t('federation.objects')}</th><th scope="col">{t('federation.actions')}</th>
          </tr></thead>
          <tbody>{props.publications.map((p) => (
            <tr key={p.id}>
              <th scope="row"><bdi>{p.requested_by.replace(/^user:/, '')}</bdi></th>
              <td>{date(p.requested_at)}</td>
              <td><bdi>{`TLP:${p.tlp.toUpperCase()}`}</bdi></td>
              <td><bdi>{audienceText(p, t)}</bdi></td>
              <td>{number(p.object_count)}</td>
              <td className="actions">{p.requested_by === `user:${props.self}` ? <span className="muted">{t('federation.yourRequest')}</span> : rejecting === p.id ? (
                <RejectForm id={p.id} onCancel={() => setRejecting(undefined)} onReject={(reason) => {
                  setRejecting(undefined);
                  void decide(async () => {
                    await api.post('/api/v1/publications/{id}/reject', { reason }, { params: { id: p.id } });
                    return ['federation.rejected'];
                  });
                }} />
              ) : (
                <>
                  <button type="button" onClick={() => void decide(async () => {
                    const r = await api.post('/api/v1/publications/{id}/approve', undefined, { params: { id: p.id } });
                    return ['federation.approved', { count: r.shared }];
                  })}>{t('federation.approve')}</button>
                  <button type="button" className="danger" onClick={() => setRejecting(p.id)}>{t('federation.reject')}</button>
                </>
              )}</td>
            </tr>
          ))}</tbody>
        </table>
      )}
    </>
  );
}

export function Federation(props: { readonly session: Session }): ReactNode {
  const { t } = useI18n();
  const roles = props.session.roles;
  // Who may do what, as the node's role table says: peers:manage (admin), consultations:answer
  // (liaison: speaking for the member), objects:share (analyst: the four-eyes review).
  const seesPeers = roles.includes('admin');
  const mayEndorse = roles.includes('liaison');
  const reviews = roles.includes('analyst');
  const objectsMark = useMark('objects');
  const [round, setRound] = useState(0);
  const listing = useLoad((signal) => api.get('/api/v1/members', { signal }), [objectsMark, round]);
  const peers = useLoad(async (signal) => (seesPeers ? api.get('/api/v1/peers', { signal }) : undefined), [objectsMark, seesPeers]);
  const publications = useLoad(async (signal) => (reviews ? api.get('/api/v1/publications', { signal, query: { state: 'pending' } }) : undefined), [objectsMark, round, reviews]);
  const again = (): void => setRound((r) => r + 1);

  return (
    <main id="main" className="federation">
      <h1>{t('federation.title')}</h1>
      <Panel id="members" title={t('federation.members')}>
        <Loading loaded={listing}>{(l) => <Members listing={l} />}</Loading>
      </Panel>
      <Panel id="proposals" title={t('federation.proposals')}>
        <Loading loaded={listing}>{(l) => <Proposals listing={l} mayEndorse={mayEndorse} onEndorsed={again} />}</Loading>
      </Panel>
      {seesPeers ? (
        <Panel id="peers" title={t('federation.peers')}>
          <Loading loaded={peers}>{(answer) => (answer === undefined ? null : <Peers peers={answer.peers} />)}</Loading>
        </Panel>
      ) : null}
      {reviews ? (
        <Panel id="publications" title={t('federation.publications')}>
          <Loading loaded={publications}>{(answer) => (answer === undefined ? null : <Publications publications={answer.publications} self={props.session.username} onDecided={again} />)}</Loading>
        </Panel>
      ) : null}
    </main>
  );
}
