// The public surface of the critical information infrastructure registry (issue 8, item 3).
// Other areas import only this file.
export { checkAsset, CRITICALITIES, MAX_LIST, SECTORS, type AssetFields, type AssetInput, type FieldProblem } from './asset.js';
export { CSV_COLUMNS, readAssetCsv, type CsvAssets, type CsvRowProblem } from './csv.js';
export { parseCpe, compareVersions } from './cpe.js';
export {
  ALERT_STATES, AlertBook, AssetRegistry, AssetWatch, checkTransition, WATCH_MARK, type AssetAudit, type AssetAuditAction, type WatchRun,
} from './registry.js';
export { compileAssets, touches, type HeldObject, type Match, type Touch, type WatchSource } from './watch.js';
