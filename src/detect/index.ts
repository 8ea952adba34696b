// The public surface of detection (issue 8): the indicator index, the events readers produce, the
// eve.json reader and the per-event detector.
export { addressBits, IndicatorIndex, type Candidate, type Compiled, type EventValues } from './indicator-index.js';
export { eventObservedData, P as EVENT_PATHS, pathKey, type LogEvent } from './event.js';
export { eveValues } from './eve.js';
export { Detector, type Hit } from './detector.js';
