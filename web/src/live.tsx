// Live updates: one EventSource on /api/v1/events while signed in. The stream carries marks
// (the store's clock, the newest alert, the last detection change), never data; a page that
// shows something a mark covers reloads it from the API when that mark moves.
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';

export interface Marks {
  readonly objects: number;
  readonly alerts: string;
  readonly detections: string;
}

interface Live {
  readonly marks: Marks | undefined;
  readonly connected: boolean;
}

const Context = createContext<Live>({ marks: undefined, connected: false });

export function LiveProvider(props: { readonly children: ReactNode }): ReactNode {
  const [live, setLive] = useState<Live>({ marks: undefined, connected: false });
  useEffect(() => {
    const source = new EventSource('/api/v1/events');
    source.addEventListener('marks', (e) => {
      try {
        const marks = JSON.parse((e as MessageEvent<string>).data) as Marks;
        setLive({ marks, connected: true });
      } catch {
        // A malformed notice is ignored: the next one carries the marks again.
      }
    });
    source.onerror = () => setLive((l) => ({ ...l, connected: false }));
    source.onopen = () => setLive((l) => ({ ...l, connected: true }));
    return () => source.close();
  }, []);
  return <Context.Provider value={live}>{props.children}</Context.Provider>;
}

export function useLive(): Live {
  return useContext(Context);
}

/** A value that changes whenever one of the named marks moves: put it in a loader's dependencies. */
export function useMark(...names: readonly (keyof Marks)[]): string {
  const { marks } = useLive();
  return names.map((n) => String(marks?.[n] ?? '')).join('|');
}

/**
 * How many times the named marks moved since the page mounted: like useMark, but the marks'
 * first arrival is not a move, so a page that has just loaded does not load everything again.
 */
export function useMarkMoves(...names: readonly (keyof Marks)[]): number {
  const mark = useMark(...names);
  const seen = useRef({ mark: '', moves: 0 });
  if (mark !== seen.current.mark) {
    if (seen.current.mark.replaceAll('|', '') !== '') seen.current.moves += 1;
    seen.current.mark = mark;
  }
  return seen.current.moves;
}
