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
  const [path, setPath] = useState(location.pathname);
  useEffect(() => {
    const update = (): void => setPath(location.pathname);
    window.addEventListener('popstate', update);
    window.addEventListener(CHANGE, update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(CHANGE, update);
    };
  }, []);
  return path;
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
