// The `extensions` property (STIX 2.1 §7.3 extension definitions, §6 predefined SCO extensions,
// §11.3 custom object extensions) and what it says about custom object types.
//
// - A key is either the id of an extension-definition (`extension-definition--<uuid>`) or a
//   name ending in `-ext`. The predefined `-ext` names belong to one SCO type each (archive-ext
//   on file, …); any other `-ext` name is a deprecated custom object extension (§11.3): warning.
// - An extension-definition extension carries `extension_type`, one of the five of §10.5. When
//   the definition is known (context), its `extension_types` must list the type used.
// - `new-sdo`/`new-sco`/`new-sro` extensions define a new object type, so they belong only on
//   objects of a custom type; they also tell which common properties such an object has.

import { IDENTIFIER_RE } from '../kinds.js';
import { pointer } from '../issue.js';
import { a, isJsonObject, show, type JsonObject, type ValidationContext } from './findings.js';
import type { Findings } from './findings.js';
import { checkExtensionPropertyNames } from './properties.js';

/** The five extension types (§10.5). */
export const EXTENSION_TYPES = ['new-sdo', 'new-sco', 'new-sro', 'property-extension', 'toplevel-property-extension'] as const;
export type ExtensionType = (typeof EXTENSION_TYPES)[number];

/** Predefined SCO extensions and the SCO type each belongs to (§6). */
export const PREDEFINED_EXTENSIONS: ReadonlyMap<string, string> = new Map([
  ['archive-ext', 'file'], // §6.7.2
  ['ntfs-ext', 'file'], // §6.7.3
  ['pdf-ext', 'file'], // §6.7.4
  ['raster-image-ext', 'file'], // §6.7.5
  ['windows-pebinary-ext', 'file'], // §6.7.6
  ['http-request-ext', 'network-traffic'], // §6.12.2
  ['icmp-ext', 'network-traffic'], // §6.12.3
  ['socket-ext', 'network-traffic'], // §6.12.4
  ['tcp-ext', 'network-traffic'], // §6.12.5
  ['windows-process-ext', 'process'], // §6.13.2
  ['windows-service-ext', 'process'], // §6.13.3
  ['unix-account-ext', 'user-account'], // §6.16.2
]);

const EXT_NAME_RE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*-ext$/;

function isExtensionType(v: unknown): v is ExtensionType {
  return typeof v === 'string' && (EXTENSION_TYPES as readonly string[]).includes(v);
}

function isExtensionDefinitionId(key: string): boolean {
  const m = IDENTIFIER_RE.exec(key);
  return m !== null && m[1] === 'extension-definition';
}

/** The `new-*` extension type an object declares for its own type, if any. */
export function declaredNewType(obj: JsonObject): 'new-sdo' | 'new-sco' | 'new-sro' | undefined {
  const ext = obj.extensions;
  if (!isJsonObject(ext)) return undefined;
  for (const [key, value] of Object.entries(ext)) {
    if (!isExtensionDefinitionId(key) || !isJsonObject(value)) continue;
    const t = value.extension_type;
    if (t === 'new-sdo' || t === 'new-sco' || t === 'new-sro') return t;
  }
  return undefined;
}

/** Checks every entry of `extensions` of an object of type `type` (standard or not). */
export function checkExtensions(f: Findings, type: string, standard: boolean, obj: JsonObject, ctx: ValidationContext | undefined): void {
  const ext = obj.extensions;
  if (!isJsonObject(ext)) return;
  for (const [key, value] of Object.entries(ext)) {
    const path = pointer('/extensions', key);
    if (isExtensionDefinitionId(key)) {
      if (!isJsonObject(value)) continue; // schema: must be an object
      checkExtensionPropertyNames(f, value, path);
      const t = value.extension_type;
      const tPath = pointer(path, 'extension_type');
      if (t === undefined) continue; // schema.required reports it
      if (!isExtensionType(t)) {
        f.error('extension.type', tPath, `extension_type ${show(t)} is not one of ${EXTENSION_TYPES.join(', ')} (STIX 2.1 §10.5)`);
        continue;
      }
      if (standard && (t === 'new-sdo' || t === 'new-sco' || t === 'new-sro')) {
        f.error(
          'extension.new-type-on-standard-object', tPath,
          `a ${t} extension defines a new object type; it cannot be used on ${a(type)}, which the specification defines (STIX 2.1 §7.3)`,
        );
      }
      const def = ctx?.resolveExtensionDefinition?.(key);
      if (def !== undefined && !def.extension_types.includes(t)) {
        f.error(
          'extension.type-not-declared', tPath,
          `extension_type ${t} is not among the extension_types [${def.extension_types.join(', ')}] of ${key} (STIX 2.1 §7.3)`,
        );
      }
    } else if (EXT_NAME_RE.test(key)) {
      const owner = PREDEFINED_EXTENSIONS.get(key);
      if (owner === undefined) {
        f.warning(
          'extension.custom-deprecated', path,
          `${key} is not a predefined extension; custom object extensions are deprecated (STIX 2.1 §11.3) — use an extension-definition`,
        );
      } else if (owner !== type) {
        f.error('extension.wrong-object-type', path, `${key} is defined for ${owner} objects only, not for ${a(type)} (STIX 2.1 §6)`);
      }
    } else {
      f.error(
        'extension.key', path,
        `extension key ${show(key)} must be the id of an extension-definition (extension-definition--<uuid>) or the name of a predefined extension ending in -ext (STIX 2.1 §7.3)`,
      );
    }
  }
}
