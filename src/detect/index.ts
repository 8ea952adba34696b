// The public surface of detection (issue 8): the indicator index, the eve.json reader and the
// per-event detector; persistent alerts, sightings, other readers and retro-hunt follow.
export { addressBits, IndicatorIndex, type Candidate, type Compiled, type EventValues } from './indicator-index.js';
export { eveObservedData, eveValues, pathKey, type EveEvent } from './eve.js';
export { Detector, type Hit } from './detector.js';
