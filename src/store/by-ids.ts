// Reading the stored versions of a list of ids, any length: 500 ids per query (the ids travel as
// one bound parameter), each query paged by date_added. Shared by sharing a list of objects and by
// sync's look-up of what a peer sent that this node holds already.
import type { Store, StoredObject, VersionSelector } from './port.js';

/** Per chunk of ids (in the order given): the chunk and the versions `versions` selects among its stored ones. */
export async function* versionsOfIds(store: Store, ids: readonly string[], versions: VersionSelector): AsyncGenerator<{ readonly ids: readonly string[]; readonly items: readonly StoredObject[] }> {
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const items: StoredObject[] = [];
    let after = 0;
    for (;;) {
      const page = await store.objects.list({ ids: chunk, versions, after, limit: 1000 });
      items.push(...page.items);
      const last = page.items.at(-1);
      if (!page.more || last === undefined) break;
      after = last.added;
    }
    yield { ids: chunk, items };
  }
}
