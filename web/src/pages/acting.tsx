// Acting from a panel (endorse, approve, revoke, disable…): one act at a time, then what was done
// in words (role="status") or the node's refusal in the user's language, and a reload of what the
// act changed whatever the outcome.
import { useState, type ReactNode } from 'react';
import { ErrorNotice } from '../common.js';
import { useI18n, type MessageKey } from '../i18n/index.js';

/** What was done, as a message (kept as key and values so that it follows a change of language). */
export type Done = readonly [MessageKey, Readonly<Record<string, string | number>>?];

export interface Acting {
  /** Runs `work`; its answer is the message saying what was done. */
  readonly run: (work: () => Promise<Done>) => Promise<void>;
  /** The act under way (the key given to `run`), to disable its button. */
  readonly busy: string | undefined;
  /** The last outcome: a status line, or the refusal. */
  readonly feedback: ReactNode;
}

export function useActing(after: () => void): Acting & { readonly runAs: (key: string, work: () => Promise<Done>) => Promise<void> } {
  const { t } = useI18n();
  const [busy, setBusy] = useState<string | undefined>();
  const [done, setDone] = useState<Done | undefined>();
  const [error, setError] = useState<unknown>();
  const runAs = async (key: string, work: () => Promise<Done>): Promise<void> => {
    setBusy(key);
    setDone(undefined);
    setError(undefined);
    try {
      setDone(await work());
    } catch (e) {
      setError(e);
    } finally {
      setBusy(undefined);
    }
    after();
  };
  return {
    busy, runAs, run: (work) => runAs('', work),
    feedback: (
      <>
        <p role="status" className="muted">{done !== undefined ? t(...done) : ''}</p>
        {error !== undefined ? <ErrorNotice error={error} /> : null}
      </>
    ),
  };
}
