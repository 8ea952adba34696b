// Complete translations: every language has every key of the English reference, keeps its
// placeholders, and differs from the English text except where a reviewed list says the text is
// a name or code that stays as it is.
import { describe, expect, it } from 'vitest';
import { WEB_LANGUAGES } from '../../../src/server/web.routes.js';
import { SECTIONS } from './catalog.js';
import { browserLanguage, direction, LANGUAGES, makeI18n, MESSAGES, type Language } from './index.js';

const en = MESSAGES.en;

/** Texts that are the same in every language on purpose: names and codes. Reviewed; keep it short. */
const SAME_AS_ENGLISH: Readonly<Partial<Record<Language, readonly string[]>>> = {
  zh: ['app.name'], ru: ['app.name'], fr: ['app.name'], es: ['app.name'], ar: ['app.name'],
};

const placeholders = (s: string): string[] => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();

describe('translations', () => {
  it('offers the six official languages of the United Nations, the same list the node accepts', () => {
    expect([...LANGUAGES].sort()).toEqual(['ar', 'en', 'es', 'fr', 'ru', 'zh']);
    expect([...WEB_LANGUAGES]).toEqual([...LANGUAGES]);
  });

  it('keeps each key in one section only', () => {
    const keys = SECTIONS.flatMap((s) => Object.keys(s.en));
    expect(keys.length).toBe(new Set(keys).size);
  });

  for (const language of LANGUAGES.filter((l) => l !== 'en')) {
    it(`${language}: every key, no other, none empty, placeholders kept`, () => {
      const messages = MESSAGES[language] as Record<string, string>;
      expect(Object.keys(messages).sort()).toEqual(Object.keys(en).sort());
      for (const [key, english] of Object.entries(en)) {
        const text = messages[key] ?? '';
        expect(text.trim(), `${language} ${key} is empty`).not.toBe('');
        expect(placeholders(text), `${language} ${key} placeholders`).toEqual(placeholders(english));
      }
    });

    it(`${language}: nothing left in English except the reviewed names and codes`, () => {
      const messages = MESSAGES[language] as Record<string, string>;
      const same = Object.keys(en).filter((key) => messages[key] === (en as Record<string, string>)[key]);
      expect(same).toEqual([...(SAME_AS_ENGLISH[language] ?? [])]);
    });
  }
});

describe('language choice and formatting', () => {
  it('lays Arabic out right to left and the others left to right', () => {
    expect(LANGUAGES.filter((l) => direction(l) === 'rtl')).toEqual(['ar']);
  });

  it('takes the first browser language it offers, by primary subtag, else English', () => {
    expect(browserLanguage(['de-DE', 'fr-CA', 'en'])).toBe('fr');
    expect(browserLanguage(['zh-Hans-CN'])).toBe('zh');
    expect(browserLanguage(['de', 'ja'])).toBe('en');
    expect(browserLanguage([])).toBe('en');
  });

  it('fills placeholders, formatting numbers for the language', () => {
    expect(makeI18n('en').t('dashboard.newIntelCount', { count: 12345 })).toBe('New objects: 12,345');
    expect(makeI18n('fr').t('dashboard.newIntelCount', { count: 12345 })).toBe('Nouveaux objets : 12\u202f345');
    expect(makeI18n('ru').t('dashboard.welcome', { name: 'Амина' })).toBe('Добро пожаловать, Амина');
    expect(makeI18n('en').t('dashboard.welcome')).toBe('Welcome, {name}');
  });

  it('formats dates and durations for the language, and shows an unreadable date as it came', () => {
    const at = '2026-11-28T09:05:00.000Z';
    expect(makeI18n('en').date(at)).toMatch(/Nov 28, 2026/);
    expect(makeI18n('de' as Language).date('not a date')).toBe('not a date');
    expect(makeI18n('en').duration(90)).toBe('2 minutes');
    expect(makeI18n('en').duration(7200)).toBe('2 hours');
    expect(makeI18n('fr').duration(3 * 86_400)).toMatch(/^3\sjours$/);
    expect(makeI18n('ru').duration(5 * 60)).toBe('5 минут');
    expect(makeI18n('en').bytes(532)).toBe('532 byte');
    expect(makeI18n('en').bytes(1_536_000)).toBe('1.5 MB');
  });
});
