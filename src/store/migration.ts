// A versioned schema migration. Each adapter keeps its own list with the same versions and
// meanings; a released migration is never edited (the next one is added instead).

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}
