// What the detections page and the infrastructure page both show of an alert: the state filter,
// the state changes so far, and the actions that change it (acknowledge, resolve, false positive,
// with a note) for those whose role runs detection (detect:run: analysts).
import { useState, type ReactNode } from 'react';
import { ErrorNotice } from '../common.js';
import { useI18n, type MessageKey } from '../i18n/index.js';
import type { Session } from './SignIn.js';
import { useAction } from './use-action.js';

export const ALERT_STATES = ['new', 'acknowledged', 'resolved', 'false-positive'] as const;
export type AlertState = (typeof ALERT_STATES)[number];
type Target = Exclude<AlertState, 'new'>;

/** The node's problems about alerts, in the user's language. */
export const ALERT_CODES: Readonly<Record<string, MessageKey>> = {
  'alert.bad-transition': 'alerts.error.transition', 'detection.bad-transition': 'alerts.error.transition',
  'alert.not-found': 'alerts.error.gone', 'detection.not-found': 'alerts.error.gone',
};

/** What a role may do here (the node's role table, docs/detection.md "Who may do what"). */
export const may = {
  changeState: (s: Session): boolean => s.roles.includes('analyst'),
  share: (s: Session): boolean => s.roles.includes('analyst'),
  readIntel: (s: Session): boolean => s.roles.some((r) => r !== 'admin'),
  manageAssets: (s: Session): boolean => s.roles.includes('analyst') || s.roles.includes('admin'),
};

/**
 * Received text cut to `max` characters for display: a member may send a megabyte in a name, and
 * laying out such a string (wrapped anywhere) would stall the page; three lines show at most.
 */
export const clip = (text: string, max = 400): string => (text.length > max ? `${text.slice(0, max)}…` : text);

export const stateText = (t: ReturnType<typeof useI18n>['t'], state: string): string =>
  (ALERT_STATES as readonly string[]).includes(state) ? t(`state.${state}` as MessageKey) : state;

/** A select of the states to list (all, or one). */
export function StateFilter(props: { readonly id: string; readonly value: AlertState | ''; readonly onChange: (s: AlertState | '') => void }): ReactNode {
  const { t } = useI18n();
  return (
    <div className="filter">
      <label htmlFor={props.id}>{t('alerts.filter')}</label>
      <select id={props.id} value={props.value} onChange={(e) => {
        const v = e.target.value;
        props.onChange((ALERT_STATES as readonly string[]).includes(v) ? (v as AlertState) : '');
      }}>
        <option value="">{t('alerts.allStates')}</option>
        {ALERT_STATES.map((s) => <option key={s} value={s}>{t(`state.${s}` as MessageKey)}</option>)}
      </select>
    </div>
  );
}

/** The last cell of an alert's row: shows or hides its details in the region `controls`. */
export function DetailsCell(props: { readonly id: string; readonly selected: string | undefined; readonly controls: string; readonly onSelect: (id: string | undefined) => void }): ReactNode {
  const { t } = useI18n();
  const open = props.id === props.selected;
  return (
    <td><button type="button" aria-controls={props.controls} aria-expanded={open} onClick={() => props.onSelect(open ? undefined : props.id)}>
      {t(open ? 'alerts.hide' : 'alerts.details')}
    </button></td>
  );
}

interface Change {
  readonly at: string;
  readonly actor: string;
  readonly from: string;
  readonly to: string;
  readonly note: string | null;
}

/** Every state change, oldest first: when, who, from what to what, and the note given. */
export function ChangeList(props: { readonly changes: readonly Change[] }): ReactNode {
  const { t, date } = useI18n();
  if (props.changes.length === 0) return <p className="muted">{t('alerts.noChanges')}</p>;
  return (
    <ol className="changes">
      {props.changes.map((c, i) => (
        <li key={i}>
          {t('alerts.change', { date: date(c.at), from: stateText(t, c.from), to: stateText(t, c.to) })} <bdi className="id">{c.actor}</bdi>
          {c.note !== null ? <> — <bdi>{c.note}</bdi></> : null}
        </li>
      ))}
    </ol>
  );
}

/** The note and the three state buttons; the one for the current state is left out. */
export function StateActions(props: { readonly id: string; readonly state: string; readonly change: (to: Target, note: string | undefined) => Promise<unknown> }): ReactNode {
  const { t } = useI18n();
  const [note, setNote] = useState('');
  const action = useAction<Target>();
  const act = (to: Target): Promise<void> => action.run(async () => {
    await props.change(to, note.trim() === '' ? undefined : note.trim());
    setNote('');
    return to;
  });
  const buttons: readonly [Target, MessageKey][] = [['acknowledged', 'alerts.acknowledge'], ['resolved', 'alerts.resolve'], ['false-positive', 'alerts.falsePositive']];
  return (
    <div className="state-actions">
      <label htmlFor={`${props.id}-note`}>{t('alerts.note')}</label>
      <input id={`${props.id}-note`} value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} />
      <div className="buttons">
        {buttons.filter(([to]) => to !== props.state).map(([to, key]) => (
          <button key={to} type="button" disabled={action.busy} onClick={() => void act(to)}>{t(key)}</button>
        ))}
      </div>
      <p role="status">{action.result !== undefined ? t('alerts.changed', { state: stateText(t, action.result) }) : ''}</p>
      {action.error !== undefined ? <ErrorNotice error={action.error} codes={ALERT_CODES} /> : null}
    </div>
  );
}
