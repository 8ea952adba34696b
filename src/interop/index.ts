// The public surface of the interop area (MISP, feeds, warninglists, exports for defenders).
// Other areas import only this file.
export { classify, extract, patternOf, patternString, refang, VALUE_KINDS, type TypedValue, type ValueKind } from './values.js';
export {
  convertFeed, csvRows, feedObjects, guessFeedFormat, parseCsv, parseList,
  type FeedFormat, type FeedOptions, type FeedResult, type SkippedValue,
} from './feeds.js';
