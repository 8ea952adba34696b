// Page bodies built from stored JSON text: objects are never parsed or re-serialised on the way
// out. Appending to one string lets V8 keep it as a rope that is flattened once, when it is
// written to the socket, instead of joining an array of strings into a new copy first.

/** `{"objects":[…],"more":…,"next":…}` from stored JSON texts. */
export function objectsPageBody(items: readonly { readonly json: string }[], more: boolean, next?: string): string {
  let body = '{"objects":[';
  for (let i = 0; i < items.length; i++) body += i === 0 ? (items[i] as { json: string }).json : `,${(items[i] as { json: string }).json}`;
  body += `],"more":${more}`;
  if (next !== undefined) body += `,"next":${JSON.stringify(next)}`;
  return `${body}}`;
}
