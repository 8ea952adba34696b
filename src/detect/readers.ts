// Which reader reads which log format (issue 8, item 2, "Readers"): one place that the CLI, and any
// other source of lines, asks for a fresh reader per input.
import { AccordError } from '../stix/index.js';
import { cefReader } from './cef.js';
import { csvLogReader } from './csv-log.js';
import { eveReader } from './eve.js';
import type { LineReader } from './event.js';
import { mappedJsonReader, type Mapping } from './mapped.js';
import { zeekReader } from './zeek.js';

/** The log formats detection reads. */
export const READER_FORMATS = ['eve', 'zeek', 'cef', 'json', 'csv'] as const;
export type ReaderFormat = (typeof READER_FORMATS)[number];

/** A fresh reader for one input of `format`; json and csv need a mapping (`detect.mapping-required` otherwise). */
export function createReader(format: ReaderFormat, options: { readonly mapping?: Mapping } = {}): LineReader {
  switch (format) {
    case 'eve':
      return eveReader();
    case 'zeek':
      return zeekReader();
    case 'cef':
      return cefReader();
    case 'json':
    case 'csv':
      if (options.mapping === undefined) throw new AccordError('invalid', 'detect.mapping-required', `the ${format} format needs a field mapping (which field holds which STIX object path)`);
      return format === 'json' ? mappedJsonReader(options.mapping) : csvLogReader(options.mapping);
  }
}
