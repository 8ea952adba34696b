// The public surface of the interop area (MISP, feeds, warninglists, exports for defenders).
// Other areas import only this file.
export { classify, extract, patternOf, patternString, refang, VALUE_KINDS, type TypedValue, type ValueKind } from './values.js';
export {
  convertFeed, csvRows, datedFeedObject, feedObjects, feedValues, guessFeedFormat, parseCsv, parseList, valueKey,
  type FeedFormat, type FeedOptions, type FeedResult, type SkippedValue, type ValueDates,
} from './feeds.js';
export { describeFeedUrl, fetchFeed, type FetchedFeed, type FetchFeedOptions } from './feed-fetch.js';
export { planPull, type Plan, type PlanInput } from './feed-plan.js';
export {
  pullFeed, type FeedDefinition, type FeedPullContext, type FeedPullReport, type FeedShareReport, type PulledFeedFormat,
} from './feed-pull.js';
export { FeedSchedule, type FeedScheduleOptions } from './feed-schedule.js';
export {
  canonicalValue, checkSidRange, DEFAULT_SID_RANGE, gate, INDICATOR_KINDS, prepare, ruleHash, SidAllocator, urlParts,
  type ExportItem, type GateOptions, type IndicatorKind, type Prepared, type SidRange, type Skipped, type SkipCode, type UrlParts,
} from './defender-values.js';
export {
  BLOCKLIST_OF, blocklists, contentString, csv, CSV_HEADER, csvField, csvLines, FEEDABLE_TLP, snortRuleLines, snortRules, snortText,
  suricataDatasets, suricataRuleLines, suricataRules, suricataText, ZEEK_INTEL_HEADER, zeekIntel, zeekIntelLines,
  type BlocklistExport, type BlocklistName, type CsvOptions, type DatasetExport, type DatasetOptions, type RuleOptions, type TextExport, type ZeekOptions,
} from './defender-formats.js';
export { valuesOfPattern, type PatternValues } from './pattern-values.js';
export { feedableItems, type FeedableContext, type FeedableItem, type NotFeedable } from './feedable.js';
export {
  BLOCKLIST_NAMES, checkFilter, checkSavedExport, EXPORT_NAME_RE, FEED_FORMAT_NAMES, FEED_FORMATS, FEED_KINDS, feedCeiling, feedTimestamp, renderFeed,
  SavedExports, savedExportOf, savedExportRecord, STIX_FEED_MEDIA_TYPE, stricterCeiling,
  type ExportAudit, type FeedContext, type FeedFilter, type DeviceFeedFormat, type FeedFormatEntry, type FeedOutput, type FeedRequest, type FeedWriteOptions,
  type RenderedFeed, type SavedExport, type SavedExportInput,
} from './device-feeds.js';
export {
  installWarninglists, loadWarninglists, readWarninglist, Warninglists,
  type InstalledWarninglist, type LoadedWarninglist, type Warninglist, type WarninglistInstall,
} from './warninglists.js';
export {
  convertMispEvent, galaxySdoType, isMispManifest, MispConversion, mispEvents, mispTime,
  type MispAudience, type MispIssue, type MispOptions, type MispShareHint,
} from './misp.js';
export { mispShape, mispTypes, patternOfTerms, termsOfPattern, termsToMisp, type Shape, type Term } from './misp-attributes.js';
export { MispExport, type MispFeed, type MispPublisher } from './misp-export.js';
export { mispShareable, type NotShareable } from './misp-shareable.js';
