// The STIX 2.1 common data types (§2) and the common properties every object builds on (§3.2).
// These types describe objects that have already been validated: they say what a well-formed
// object looks like, not how to check one (that is src/stix/validate/).
//
// Custom properties: objects arrive from peers with arbitrary extra properties (deprecated
// `x_`-prefixed custom properties, §11.1, and top-level property extensions, §7.3). The standard
// interfaces deliberately have no index signature, so that a typo in a property name is a compile
// error and excess-property checks keep working. `WithCustom<T>` admits the `x_` properties on a
// known type; anything else (custom object types, top-level property extensions) is held as a
// `CustomStixObject` (see index.ts), and stored objects are typed `StixObject | CustomStixObject`.

import type { ExtensionTypeEnum, HashAlgorithmOv } from './vocab.js';

/**
 * STIX identifier (§2.9): `object-type--UUID`, where the type part is the `type` of the object
 * identified. `Identifier<'indicator'>` is `indicator--${string}`; `Identifier` alone is any id.
 */
export type Identifier<T extends string = string> = `${T}--${string}`;

/**
 * Timestamp (§2.16): RFC 3339 in UTC with a literal `Z`, `YYYY-MM-DDTHH:mm:ss[.s+]Z`, e.g.
 * `2016-01-20T12:31:12.123Z`. Sub-second digits are optional except where a property says
 * otherwise (`created`/`modified` need at least millisecond precision).
 */
export type Timestamp = string;

/** Binary (§2.1): base64 (RFC 4648) in JSON; property names end in `_bin`. */
export type Binary = string;

/** Hexadecimal (§2.8): an even number of lowercase hex digits; property names end in `_hex`. */
export type Hex = string;

/**
 * Dictionary (§2.3): keys of ASCII letters, digits, `-` and `_`, at most 250 characters; never
 * empty. Values are any property base type.
 */
export interface Dictionary {
  readonly [key: string]: unknown;
}

/**
 * Hashes (§2.7): algorithm name → hash value. Names SHOULD come from `hash-algorithm-ov`; other
 * names (3–250 characters) are allowed, and SHA-256 SHOULD be included when possible.
 */
export interface Hashes {
  readonly MD5?: string;
  readonly 'SHA-1'?: string;
  readonly 'SHA-256'?: string;
  readonly 'SHA-512'?: string;
  readonly 'SHA3-256'?: string;
  readonly 'SHA3-512'?: string;
  readonly SSDEEP?: string;
  readonly TLSH?: string;
  readonly [algorithm: string]: string | undefined;
}

/**
 * Hashes whose keys MUST come from `hash-algorithm-ov` (external references, §2.5, and the
 * alternate-data-stream / PE-header hashes of §6.7).
 */
export type StandardHashes = { readonly [K in HashAlgorithmOv]?: string };

/**
 * External Reference (§2.5). Besides `source_name`, at least one of `description`, `url` or
 * `external_id` MUST be present. For `source_name: 'cve'` the id MUST be `CVE-YYYY-NNNN…`; for
 * `'capec'` it MUST be `CAPEC-[id]`.
 */
export interface ExternalReference {
  readonly source_name: string;
  readonly description?: string;
  /** An RFC 3986 URL. */
  readonly url?: string;
  /** Hashes of the content at `url`; SHOULD be present when `url` is. */
  readonly hashes?: StandardHashes;
  readonly external_id?: string;
}

/** Kill Chain Phase (§2.11). Both names SHOULD be lowercase with hyphens. */
export interface KillChainPhase {
  readonly kill_chain_name: string;
  readonly phase_name: string;
}

/**
 * Granular marking applying a marking definition (§7.2.3.1). Exactly one of `marking_ref` and
 * `lang` is present; the OASIS schema requires `marking_ref` always, which the spec does not.
 */
export interface MarkingGranularMarking {
  /** Selectors into the marked object, e.g. `description` or `external_references.[0].url`. */
  readonly selectors: readonly string[];
  readonly marking_ref: Identifier<'marking-definition'>;
  readonly lang?: never;
}

/** Granular marking applying a language (§7.2.3.1). */
export interface LanguageGranularMarking {
  /** Selectors into the marked object, e.g. `description` or `external_references.[0].url`. */
  readonly selectors: readonly string[];
  /** RFC 5646 language code of the selected text. */
  readonly lang: string;
  readonly marking_ref?: never;
}

/** Granular Marking (§7.2.3.1): a data marking or a language marking, never both. */
export type GranularMarking = MarkingGranularMarking | LanguageGranularMarking;

/**
 * The body of an extension defined by an Extension Definition (§3.2 `extensions`, §7.3): it MUST
 * carry `extension_type`; the rest is whatever the extension's schema defines.
 */
export interface ExtensionInstance {
  readonly extension_type: ExtensionTypeEnum;
  readonly [property: string]: unknown;
}

/**
 * The `extensions` dictionary (§3.2): keys are the id of an Extension Definition
 * (`extension-definition--…`, body carries `extension_type`) or the name of a predefined
 * extension ending in `-ext` (§3.10, e.g. `ntfs-ext`; no `extension_type`). Objects that define
 * predefined extensions narrow this with their own keys.
 */
export interface Extensions {
  readonly [definitionId: `extension-definition--${string}`]: ExtensionInstance | undefined;
  readonly [predefined: `${string}-ext`]: object | undefined;
}

/**
 * The common properties of SDOs and SROs (§3.2). `T` is the object's type name, which also types
 * its `id`.
 */
export interface StixCommon<T extends string = string> {
  readonly type: T;
  readonly spec_version: '2.1';
  readonly id: Identifier<T>;
  readonly created_by_ref?: Identifier<'identity'>;
  /** At least millisecond precision; never changes across versions. */
  readonly created: Timestamp;
  /** At least millisecond precision; MUST be later than or equal to `created`. */
  readonly modified: Timestamp;
  /** Permanent: no version may follow a revoked one. Default false. */
  readonly revoked?: boolean;
  readonly labels?: readonly string[];
  /** Integer 0–100 (Appendix A maps other scales). */
  readonly confidence?: number;
  /** RFC 5646 language code of the text properties; absent means `en`. */
  readonly lang?: string;
  readonly external_references?: readonly ExternalReference[];
  readonly object_marking_refs?: readonly Identifier<'marking-definition'>[];
  readonly granular_markings?: readonly GranularMarking[];
  readonly extensions?: Extensions;
}

/**
 * The common properties of SCOs (§3.2): SCOs are not versioned, so they have no
 * `created`/`modified`/`created_by_ref`; `spec_version` is optional and defaults to 2.1.
 */
export interface ScoCommon<T extends string = string> {
  readonly type: T;
  readonly id: Identifier<T>;
  readonly spec_version?: '2.1';
  readonly object_marking_refs?: readonly Identifier<'marking-definition'>[];
  readonly granular_markings?: readonly GranularMarking[];
  /** Whether the data in the object has been defanged. Default false. */
  readonly defanged?: boolean;
  readonly extensions?: Extensions;
}

/**
 * A known object type plus the deprecated `x_`-prefixed custom properties (§11.1) it may carry.
 * Objects with other extra properties (top-level property extensions, §7.3) are
 * `CustomStixObject`s.
 */
export type WithCustom<T> = T & { readonly [k: `x_${string}`]: unknown };
