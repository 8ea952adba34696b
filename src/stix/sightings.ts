// The kinds of sighting Accord reads and writes (docs/decisions/0028-detection-sightings.md):
// MISP's sighting types 0 (a sighting), 1 (a false positive) and 2 (an expiry). STIX 2.1 has one
// `sighting`; a false positive and an expiry carry `x_accord_sighting_type`, and a false positive
// also `x_opencti_negative: true`, which OpenCTI reads as a negative sighting. A sighting with only
// OpenCTI's flag is read as a false positive.

export const SIGHTING_TYPES = ['sighting', 'false-positive', 'expiry'] as const;
export type SightingType = (typeof SIGHTING_TYPES)[number];

/** The kind of a sighting object. */
export function sightingType(o: Readonly<Record<string, unknown>>): SightingType {
  const t = o.x_accord_sighting_type;
  if (t === 'false-positive' || t === 'expiry') return t;
  return o.x_opencti_negative === true ? 'false-positive' : 'sighting';
}

/** The properties that make a sighting a false positive or an expiry (none for a plain one). */
export function sightingTypeProperties(type: SightingType): Record<string, unknown> {
  if (type === 'sighting') return {};
  return { x_accord_sighting_type: type, ...(type === 'false-positive' ? { x_opencti_negative: true } : {}) };
}
