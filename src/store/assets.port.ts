// The storage port for the critical information infrastructure registry (issue 8, item 3;
// docs/detection.md): the member's own assets — networks, domains, software — and the alerts the
// watch raised when intelligence touched one. Local-only state: never a STIX object, never
// shared, never served to a peer. The store keeps rows; the assets area checks every field before
// it gets here and decides what the evidence (JSON text) says.

export type AssetCriticality = 'low' | 'medium' | 'high' | 'critical';
export type AlertState = 'new' | 'acknowledged' | 'resolved' | 'false-positive';

/** One registered asset with its lists, as the assets area checked and normalised them. */
export interface AssetRecord {
  /** `asset--<uuid>`: a local id, not a STIX id. */
  readonly id: string;
  /** Unique on the node. */
  readonly name: string;
  /** A value of the STIX 2.1 industry-sector-ov vocabulary. */
  readonly sector: string;
  readonly criticality: AssetCriticality;
  readonly owner: string;
  readonly contact: string;
  readonly notes: string | null;
  /** IPv4/IPv6 networks in CIDR notation (canonical: the network address, lower case). */
  readonly ranges: readonly string[];
  /** Domains and host names, lower case; a domain covers its sub-domains. */
  readonly domains: readonly string[];
  /** CPE 2.3 formatted strings. */
  readonly software: readonly string[];
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** One change of an alert's state: who, when, from what to what, and why. */
export interface AlertChange {
  readonly at: string;
  readonly actor: string;
  readonly from: AlertState;
  readonly to: AlertState;
  readonly note: string | null;
}

/** An alert: one version of one STIX object touched one asset. */
export interface AlertRecord {
  /** `alert--<uuid>`: a local id. */
  readonly id: string;
  readonly assetId: string;
  /** The asset's name when the alert was raised (the alert outlives a removed asset). */
  readonly assetName: string;
  readonly objectId: string;
  readonly objectType: string;
  /** The object version's version timestamp (StoredObject.version). */
  readonly objectVersion: string;
  /** The object's created_by_ref, when it has one. */
  readonly creator: string | null;
  /** The members whose share records grant this version, as known when the alert was raised. */
  readonly sharers: readonly string[];
  /** What matched and why, JSON text written by the assets area. */
  readonly evidence: string;
  readonly state: AlertState;
  readonly createdAt: string;
  /** Oldest first. */
  readonly changes: readonly AlertChange[];
}

export interface AlertQuery {
  readonly state?: AlertState;
  readonly assetId?: string;
  /** Default 100, newest first. */
  readonly limit?: number;
}

export interface AssetRepository {
  /** Stores new assets with their lists in one transaction, all or none; throws AccordError `store.asset-exists` when a name is taken. */
  create(assets: readonly AssetRecord[]): Promise<void>;
  /** Replaces an asset and its lists in one transaction; false when there is none by that id. Throws `store.asset-exists` on a taken name. */
  replace(asset: AssetRecord): Promise<boolean>;
  get(id: string): Promise<AssetRecord | undefined>;
  /** Every asset, by name. */
  list(): Promise<AssetRecord[]>;
  /** Removes an asset and its lists (its alerts stay); false when there was none. */
  remove(id: string): Promise<boolean>;
}

export interface AlertRepository {
  /**
   * Stores alerts that are new, in one transaction: an alert for an (asset, object, version)
   * already held is left as it is. Returns the ids of those stored.
   */
  raise(alerts: readonly AlertRecord[]): Promise<string[]>;
  get(id: string): Promise<AlertRecord | undefined>;
  list(query: AlertQuery): Promise<AlertRecord[]>;
  /** Moves an alert from `from` to `change.to` and records the change; false when it is not (or no longer) in state `from`. */
  transition(id: string, change: AlertChange): Promise<boolean>;
}
