// The public surface of detection (issue 8): the indicator index now; readers, the engine and
// alerts follow.
export { addressBits, IndicatorIndex, type Candidate, type Compiled, type EventValues } from './indicator-index.js';
