// What a button starts: busy while it runs, then what it answered or the error (for a status line
// and an ErrorNotice). A new run forgets the last outcome.
import { useState } from 'react';

export interface Action<T> {
  readonly busy: boolean;
  readonly result: T | undefined;
  readonly error: unknown;
  run(work: () => Promise<T>): Promise<void>;
}

export function useAction<T>(): Action<T> {
  const [state, setState] = useState<{ busy: boolean; result?: T; error?: unknown }>({ busy: false });
  const run = async (work: () => Promise<T>): Promise<void> => {
    setState({ busy: true });
    try {
      const result = await work();
      setState({ busy: false, result });
    } catch (error) {
      setState({ busy: false, error });
    }
  };
  return { busy: state.busy, result: state.result, error: state.error, run };
}
