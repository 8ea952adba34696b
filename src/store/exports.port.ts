// The storage port for saved exports (issue 7, item 4; docs/decisions/0025): the named device
// feeds an administrator defines once and devices then poll over HTTP. The store keeps each
// definition as given; the interop area validates it before it gets here and reads the filter
// (JSON text) back. A name is unique and never reused while the export exists.

export interface SavedExportRecord {
  /** `[a-z0-9-]`, 1 to 64 characters: the last segment of the feed's URL. */
  readonly name: string;
  /** A feed format of the interop area (zeek, suricata, …, stix). */
  readonly format: string;
  /** The blocklist (ip, cidr, domain, url, hash) when the format is `blocklist`; null otherwise. */
  readonly list: string | null;
  /** The TLP ceiling of the export (clear, green, amber, amber+strict); null: none (RED never goes in). */
  readonly tlpCeiling: string | null;
  /** Values on warninglists go in too (they are left out by default). */
  readonly includeWarninglisted: boolean;
  /** The filter (labels, creators, added_after, kinds) as JSON text; the store does not read it. */
  readonly filter: string;
  readonly createdBy: string;
  readonly createdAt: string;
}

export interface SavedExportRepository {
  /** Stores a new export; throws AccordError `store.export-exists` when the name is taken. */
  create(record: SavedExportRecord): Promise<void>;
  get(name: string): Promise<SavedExportRecord | undefined>;
  /** Every saved export, by name. */
  list(): Promise<SavedExportRecord[]>;
  /** Deletes an export; false when there was none by that name. */
  delete(name: string): Promise<boolean>;
}
