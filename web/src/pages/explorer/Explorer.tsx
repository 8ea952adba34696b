// The intelligence explorer: full-text search, facets (type, TLP, creator, labels, modified
// dates) with their counts, and the matching objects a page at a time. Everything the node
// filters is in the URL (state.ts), so a search can be shared and "back" undoes a filter or a
// page. Names, labels and creators come from other members: React text inside <bdi>, never HTML.
import { useEffect, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { api, type Answer } from '../../api/client.js';
import { Loading, useLoad } from '../../common.js';
import { useI18n } from '../../i18n/index.js';
import { useMarkMoves } from '../../live.js';
import { Link, navigate, useSearch } from '../../router.js';
import { objectName } from './diff.js';
import { apiFilters, countText, CursorTrail, FACETS, filtered, NO_FILTERS, readFilters, toggle, writeFilters, type Facet, type Filters } from './state.js';

/** Objects per page. */
const PAGE = 50;

/** The cursors seen in this tab: kept across visits to objects' pages, so "previous" still works on the way back. */
const TRAIL = new CursorTrail();

type Facets = Answer<'/api/v1/objects/facets', 'get'>;
type FacetValue = Facets['facets'][Facet][number];

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The explorer's address for these filters. */
export const explorerPath = (f: Filters): string => `/explorer${writeFilters(f)}`;

/** One object's page in the explorer. */
export const objectPath = (id: string): string => `/explorer/${encodeURIComponent(id)}`;

/** The object id in an object page's path (what follows /explorer/), as typed when it does not decode. */
export function objectIdOf(path: string): string {
  const rest = path.slice('/explorer/'.length);
  try {
    return decodeURIComponent(rest);
  } catch {
    return rest;
  }
}

export function Explorer(): ReactNode {
  const { t, number, date } = useI18n();
  const search = useSearch();
  const filters = useMemo(() => readFilters(search), [search]);
  const objectsMark = useMarkMoves('objects');
  const trail = TRAIL;
  const [typed, setTyped] = useState(filters.q);
  useEffect(() => setTyped(filters.q), [filters.q]);
  const go = (f: Filters): void => navigate(explorerPath(f));

  const query = useMemo(() => apiFilters(filters), [filters]);
  const facetsKey = JSON.stringify(query);
  const page = useLoad((signal) => api.get('/api/v1/objects', {
    signal, query: { ...query, limit: PAGE, ...(filters.cursor !== '' ? { cursor: filters.cursor } : {}) },
  }), [search, objectsMark]);
  const facets = useLoad((signal) => api.get('/api/v1/objects/facets', { signal, query }), [facetsKey, objectsMark]);
  const creatorNames = useMemo(() => new Map((facets.data?.facets.creator ?? []).map((c) => [c.value, c.name ?? c.value])), [facets.data]);

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    go({ ...filters, q: typed.trim(), cursor: '' });
  };
  const previous = trail.back(filters.cursor);

  return (
    <main id="main" className="explorer">
      <h1>{t('explorer.title')}</h1>
      <form role="search" className="explorer-search" onSubmit={submit}>
        <label htmlFor="explorer-q">{t('explorer.search')}</label>
        <div className="explorer-search-row">
          <input id="explorer-q" type="search" value={typed} maxLength={500} aria-describedby="explorer-q-hint" onChange={(e) => setTyped(e.target.value)} />
          <button type="submit">{t('explorer.searchButton')}</button>
        </div>
        <p id="explorer-q-hint" className="muted">{t('explorer.searchHint')}</p>
      </form>
      <div className="explorer-body">
        <aside className="explorer-facets" aria-labelledby="explorer-facets-title">
          <h2 id="explorer-facets-title">{t('explorer.filters')}</h2>
          <Loading loaded={facets}>{(answer) => (
            <>
              {FACETS.map((facet) => (
                <FacetBox key={facet} facet={facet} values={answer.facets[facet]} chosen={filters[facet]} bounded={answer.bounded}
                  onToggle={(value) => go(toggle(filters, facet, value))} />
              ))}
            </>
          )}</Loading>
          <fieldset className="facet">
            <legend>{t('explorer.facet.modified')}</legend>
            <label htmlFor="explorer-from">{t('explorer.from')}</label>
            <input id="explorer-from" type="date" value={filters.from} max={filters.to !== '' ? filters.to : undefined}
              onChange={(e) => go({ ...filters, from: e.target.value, cursor: '' })} />
            <label htmlFor="explorer-to">{t('explorer.to')}</label>
            <input id="explorer-to" type="date" value={filters.to} min={filters.from !== '' ? filters.from : undefined}
              onChange={(e) => go({ ...filters, to: e.target.value, cursor: '' })} />
          </fieldset>
          {filtered(filters) ? <button type="button" className="secondary" onClick={() => go(NO_FILTERS)}>{t('explorer.clear')}</button> : null}
        </aside>
        <section className="explorer-results" aria-labelledby="explorer-results-title">
          <h2 id="explorer-results-title">{t('explorer.results')}</h2>
          <p role="status" className="figure">
            {facets.data === undefined ? t('app.loading') : t('explorer.matches', { count: countText(facets.data.total, facets.data.bounded, number) })}
          </p>
          <Loading loaded={page}>{(answer) => answer.objects.length === 0 ? <p>{t('explorer.none')}</p> : (
            <table className="explorer-table">
              <thead>
                <tr>
                  <th scope="col">{t('explorer.column.type')}</th><th scope="col">{t('explorer.column.name')}</th>
                  <th scope="col">{t('explorer.column.creator')}</th><th scope="col">{t('explorer.column.modified')}</th>
                </tr>
              </thead>
              <tbody>{answer.objects.map((o) => {
                const obj = o as Record<string, unknown>;
                const modified = text(obj.modified) || text(obj.created);
                const creator = text(obj.created_by_ref);
                return (
                  <tr key={`${o.id}/${modified}`}>
                    <td><bdi>{o.type}</bdi></td>
                    <td><Link to={objectPath(o.id)}><bdi>{objectName(obj)}</bdi></Link></td>
                    <td><bdi>{creatorNames.get(creator) ?? creator}</bdi></td>
                    <td>{modified !== '' ? date(modified) : ''}</td>
                  </tr>
                );
              })}</tbody>
            </table>
          )}</Loading>
          <nav className="pager" aria-label={t('explorer.pages')}>
            <button type="button" disabled={previous === undefined} onClick={() => { if (previous !== undefined) go({ ...filters, cursor: previous }); }}>
              {t('explorer.previous')}
            </button>
            <button type="button" disabled={page.data?.next === undefined} onClick={() => {
              const next = page.data?.next;
              if (next === undefined) return;
              trail.forward(filters.cursor, next);
              go({ ...filters, cursor: next });
            }}>
              {t('explorer.next')}
            </button>
          </nav>
        </section>
      </div>
    </main>
  );
}

/** One facet: its values with their counts, each a checkbox; chosen values stay listed even when none matches. */
export function FacetBox(props: {
  readonly facet: Facet; readonly values: readonly FacetValue[]; readonly chosen: readonly string[]; readonly bounded: boolean; readonly onToggle: (value: string) => void;
}): ReactNode {
  const { t, number } = useI18n();
  const listed = new Set(props.values.map((v) => v.value));
  const values: readonly FacetValue[] = [...props.values, ...props.chosen.filter((c) => !listed.has(c)).map((value) => ({ value, count: 0 }))];
  return (
    <fieldset className="facet">
      <legend>{t(`explorer.facet.${props.facet}`)}</legend>
      {values.length === 0 ? <p className="muted">{t('explorer.facetEmpty')}</p> : (
        <ul>{values.map((v, i) => {
          const id = `facet-${props.facet}-${i}`;
          return (
            <li key={v.value}>
              <input id={id} type="checkbox" checked={props.chosen.includes(v.value)} onChange={() => props.onToggle(v.value)} />
              <label htmlFor={id}><bdi>{v.name ?? v.value}</bdi> <span className="count">{countText(v.count, props.bounded && v.count > 0, number)}</span></label>
            </li>
          );
        })}</ul>
      )}
    </fieldset>
  );
}
