import { describe, expect, it } from 'vitest';
import { AccordError } from '../store/index.js';
import { thrown } from '../../test/support/thrown.js';
import { checkAccept, checkContentType, parseMediaType } from './media-types.js';

describe('TAXII content negotiation (§1.6.8, §3.1)', () => {
  it('parses media types with parameters, quoted values and any case', () => {
    expect(parseMediaType('Application/TAXII+JSON ; Version="2.1"')).toEqual({ type: 'application', subtype: 'taxii+json', params: { version: '2.1' } });
    expect(parseMediaType('text')).toBeUndefined();
    expect(parseMediaType('application/json;broken')).toBeUndefined();
  });

  it('accepts the TAXII 2.1 media type, with or without its version, and wildcards', () => {
    for (const accept of [
      'application/taxii+json;version=2.1', 'application/taxii+json', 'application/taxii+json; version="2.1"', '*/*', 'application/*',
      'application/taxii+json;version=2.1,application/stix+json;version=2.1', 'text/html, */*;q=0.8',
      'application/taxii+json;version=2.0, application/taxii+json;version=2.1;q=0.5',
    ]) expect(() => checkAccept(accept), accept).not.toThrow();
  });

  it('answers 406 when the TAXII 2.1 media type is not acceptable', () => {
    for (const accept of [
      undefined, '', 'application/json', 'application/taxii+json;version=2.0', 'application/stix+json;version=2.1',
      'application/taxii+json;version=2.1;q=0', '*/*, application/taxii+json;q=0', 'application/vnd.oasis.taxii+json; version=2.0',
    ]) {
      expect(thrown(() => checkAccept(accept), AccordError), String(accept)).toMatchObject({ kind: 'not-acceptable', code: 'taxii.not-acceptable' });
    }
  });

  it('answers 415 to a POST that is not application/taxii+json at version 2.1', () => {
    for (const ct of ['application/taxii+json;version=2.1', 'application/taxii+json', 'application/taxii+json; version=2.1; charset=utf-8']) {
      expect(() => checkContentType(ct), ct).not.toThrow();
    }
    for (const ct of [undefined, 'application/json', 'application/taxii+json;version=2.0', 'application/stix+json;version=2.1', 'application/taxii+json;charset=latin1']) {
      expect(thrown(() => checkContentType(ct), AccordError), String(ct)).toMatchObject({ kind: 'unsupported-media-type' });
    }
  });
});
