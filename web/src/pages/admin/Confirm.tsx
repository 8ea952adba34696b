// A button for an act that cannot be undone (disabling a user, revoking a token…): the first
// press asks, in words, what is about to happen, and only the second button does it. Inline, not
// window.confirm, so that the question is in the user's language, readable by a screen reader
// (role="alert") and reachable by keyboard (the focus moves to the confirming button).
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useI18n } from '../../i18n/index.js';

export function ConfirmButton(props: {
  /** What the button says before it is pressed. */
  readonly label: string;
  /** The question asked, naming what will happen and to whom. */
  readonly question: string;
  readonly onConfirm: () => void;
  readonly disabled?: boolean;
}): ReactNode {
  const { t } = useI18n();
  const [asking, setAsking] = useState(false);
  const yes = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) yes.current?.focus();
  }, [asking]);
  if (!asking) return <button type="button" className="danger" disabled={props.disabled} onClick={() => setAsking(true)}>{props.label}</button>;
  return (
    <span className="confirm">
      <span role="alert">{props.question}</span>
      <button type="button" className="danger" ref={yes} onClick={() => {
        setAsking(false);
        props.onConfirm();
      }}>{t('admin.confirmYes')}</button>
      <button type="button" className="secondary" onClick={() => setAsking(false)}>{t('admin.cancel')}</button>
    </span>
  );
}
