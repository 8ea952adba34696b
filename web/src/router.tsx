// A small router over the History API: the node serves index.html for every page path, and the
// app picks the page from location.pathname. Links are real <a href> (open in a new tab works);
// a plain click is turned into pushState.
import { useEffect, useState, type MouseEvent, type ReactNode } from 'react';

const CHANGE = 'accord:navigate';

export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (options.replace === true) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  window.dispatchEvent(new Event(CHANGE));
}

/** The current path, re-rendering on navigation and on the browser's back and forward. */
export function usePath(): string {
  return useLocation(readPath);
}

/** The current query string (with its "?", or ''), re-rendering on navigation and on back and forward. */
export function useSearch(): string {
  return useLocation(readSearch);
}

const readPath = (): string => location.pathname;
const readSearch = (): string => location.search;

function useLocation(read: () => string): string {
  const [value, setValue] = useState(read);
  useEffect(() => {
    const update = (): void => setValue(read());
    window.addEventListener('popstate', update);
    window.addEventListener(CHANGE, update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(CHANGE, update);
    };
  }, [read]);
  return value;
}

export function Link(props: { readonly to: string; readonly children: ReactNode; readonly current?: boolean; readonly className?: string }): ReactNode {
  const onClick = (e: MouseEvent<HTMLAnchorElement>): void => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(props.to);
  };
  return (
    <a href={props.to} onClick={onClick} aria-current={props.current === true ? 'page' : undefined} className={props.className}>
      {props.children}
    </a>
  );
}
