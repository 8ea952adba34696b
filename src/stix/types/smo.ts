// The STIX Meta Objects (§7) and the Bundle (§8). SMOs reuse a subset of the common properties;
// each says which ones it drops, as in its "Not Applicable Common Properties" row.

import type {
  Dictionary, ExtensionInstance, Extensions, Identifier, StixCommon, Timestamp,
} from './common.js';
import type { CustomStixObject, StixObject } from './index.js';
import type { ExtensionTypeEnum } from './vocab.js';

/**
 * Language Content (STIX 2.1 §7.1): translations of another object's text properties. `lang` is
 * not applicable (each translation names its language as a key of `contents`).
 */
export interface LanguageContent extends Omit<StixCommon<'language-content'>, 'lang'> {
  /** The object translated (any STIX Object). */
  readonly object_ref: Identifier;
  /** MUST equal the `modified` of the translated object version. */
  readonly object_modified?: Timestamp;
  /**
   * RFC 5646 language code → the translated properties, mirroring the target's shape: strings
   * for strings, same-length lists for lists (untranslated items `""`), objects for objects.
   */
  readonly contents: { readonly [lang: string]: Dictionary };
}

/** The common properties a Marking Definition keeps (§7.2.1.1); it cannot be versioned. */
export type MarkingDefinitionCommon = Omit<
  StixCommon<'marking-definition'>,
  'modified' | 'revoked' | 'labels' | 'confidence' | 'lang'
> & {
  readonly name?: string;
};

/** Statement marking object (STIX 2.1 §7.2.1.3): copyright, terms of use and the like. */
export interface StatementMarking {
  readonly statement: string;
}

/** The TLP 1.0 levels of the four predefined TLP marking definitions (§7.2.1.4). */
export type TlpLevel = 'white' | 'green' | 'amber' | 'red';

/** TLP marking object (STIX 2.1 §7.2.1.4). */
export interface TlpMarking {
  readonly tlp: TlpLevel;
}

/** Marking Definition holding a Statement marking (STIX 2.1 §7.2.1.3). */
export interface StatementMarkingDefinition extends MarkingDefinitionCommon {
  readonly definition_type: 'statement';
  readonly definition: StatementMarking;
}

/**
 * Marking Definition holding a TLP 1.0 marking (STIX 2.1 §7.2.1.4). Only the four predefined
 * objects may exist: `marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9` (white),
 * `--34098fce-860f-48ae-8e50-ebd3cc5e41da` (green), `--f88d31f6-486f-44da-b317-01333bde0b82`
 * (amber) and `--5e57c739-391a-4eb3-b6be-7d15ca92d5ed` (red), all created
 * `2017-01-20T00:00:00.000Z`.
 */
export interface TlpMarkingDefinition extends MarkingDefinitionCommon {
  readonly definition_type: 'tlp';
  readonly definition: TlpMarking;
}

/**
 * Marking Definition with another `definition_type` (STIX 2.1 §7.2.1.1). `definition_type` is an
 * open vocabulary (deprecated by Errata 01); new markings SHOULD use extensions instead.
 */
export interface OtherMarkingDefinition extends MarkingDefinitionCommon {
  readonly definition_type: string;
  readonly definition: Dictionary;
}

/**
 * Marking Definition expressed through an extension (STIX 2.1 §7.2.1.1, §7.3) instead of
 * `definition_type`/`definition`, as TLP 2.0 is.
 */
export interface ExtensionMarkingDefinition extends MarkingDefinitionCommon {
  readonly extensions: Extensions;
  readonly definition_type?: never;
  readonly definition?: never;
}

/** The Extension Definition id of TLP 2.0 (OASIS cti-stix-common-objects). */
export type Tlp2ExtensionDefinitionId = 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d';

/** The TLP 2.0 levels. */
export type Tlp2Level = 'clear' | 'green' | 'amber' | 'amber+strict' | 'red';

/** The TLP 2.0 property extension carried by a TLP 2.0 marking definition (§7.3). */
export interface Tlp2MarkingExtension extends ExtensionInstance {
  readonly extension_type: 'property-extension';
  readonly tlp_2_0: Tlp2Level;
}

/** The `extensions` of a TLP 2.0 marking definition (STIX 2.1 §7.3). */
export interface Tlp2MarkingExtensions extends Extensions {
  readonly 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d': Tlp2MarkingExtension;
}

/**
 * TLP 2.0 Marking Definition (STIX 2.1 §7.2.1 with the TLP 2.0 extension). The five published
 * objects (`TLP:CLEAR` … `TLP:RED`) are created `2022-10-01T00:00:00.000Z`.
 */
export interface Tlp2MarkingDefinition extends ExtensionMarkingDefinition {
  readonly extensions: Tlp2MarkingExtensions;
}

/**
 * Marking Definition (STIX 2.1 §7.2.1). Without `extensions`, `definition_type` and `definition`
 * MUST be present. Narrow on `definition_type` (absent for the extension form).
 */
export type MarkingDefinition =
  | StatementMarkingDefinition
  | TlpMarkingDefinition
  | OtherMarkingDefinition
  | ExtensionMarkingDefinition;

/**
 * Extension Definition (STIX 2.1 §7.3). `created_by_ref` is required; `confidence`, `lang` and
 * `extensions` are not applicable. The OASIS schema does not require `created_by_ref`.
 */
export interface ExtensionDefinition
  extends Omit<StixCommon<'extension-definition'>, 'created_by_ref' | 'confidence' | 'lang' | 'extensions'> {
  readonly created_by_ref: Identifier<'identity'>;
  readonly name: string;
  readonly description?: string;
  /** The normative definition: a URL (SHOULD point at a JSON schema) or plain text. */
  readonly schema: string;
  /** SHOULD follow semantic versioning. */
  readonly version: string;
  readonly extension_types: readonly ExtensionTypeEnum[];
  /** New top-level property names; only when `extension_types` has `toplevel-property-extension`. */
  readonly extension_properties?: readonly string[];
}

/**
 * Bundle (STIX 2.1 §8): a transient container, not a STIX Object. It has no `spec_version` in
 * 2.1. Objects not of a standard type are `CustomStixObject`s.
 */
export interface Bundle {
  readonly type: 'bundle';
  readonly id: Identifier<'bundle'>;
  readonly objects?: readonly (StixObject | CustomStixObject)[];
}
