// The interface in the six official languages of the United Nations. The language comes from
// the user's saved preference, else from what the browser asks for, else English; Arabic is laid
// out right to left (the whole page: <html dir>). Dates and numbers are formatted for the
// language by Intl, never by hand.
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { MESSAGES, type MessageKey, type Messages } from './catalog.js';
import { LANGUAGES, type Language, type Section } from './languages.js';

export { LANGUAGES, MESSAGES, type Language, type MessageKey, type Messages, type Section };

/** Each language's name in itself, for the picker (shown the same in every language). */
export const NATIVE_NAMES: Readonly<Record<Language, string>> = {
  en: 'English', zh: '中文', ru: 'Русский', fr: 'Français', es: 'Español', ar: 'العربية',
};

export const isLanguage = (v: unknown): v is Language => typeof v === 'string' && (LANGUAGES as readonly string[]).includes(v);

export function direction(language: Language): 'ltr' | 'rtl' {
  return language === 'ar' ? 'rtl' : 'ltr';
}

/** The first of the browser's languages the app offers (by primary subtag: fr-CA → fr), else English. */
export function browserLanguage(wanted: readonly string[]): Language {
  for (const tag of wanted) {
    const primary = tag.toLowerCase().split('-')[0];
    if (isLanguage(primary)) return primary;
  }
  return 'en';
}

export interface I18n {
  readonly language: Language;
  readonly dir: 'ltr' | 'rtl';
  /** The message for `key` with its {placeholders} filled in. */
  readonly t: (key: MessageKey, values?: Readonly<Record<string, string | number>>) => string;
  /** A date and time, for this language. */
  readonly date: (iso: string) => string;
  readonly number: (n: number) => string;
  /** A length of time in the largest fitting unit (minutes, hours or days), spelled out. */
  readonly duration: (seconds: number) => string;
  /** A size in bytes, kB, MB or GB, spelled for the language. */
  readonly bytes: (n: number) => string;
}

export function makeI18n(language: Language): I18n {
  const messages = MESSAGES[language];
  const dates = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' });
  const numbers = new Intl.NumberFormat(language);
  const number = (n: number): string => numbers.format(n);
  const unit = (u: 'minute' | 'hour' | 'day' | 'byte' | 'kilobyte' | 'megabyte' | 'gigabyte', n: number, display: 'long' | 'short' = 'long'): string =>
    new Intl.NumberFormat(language, { style: 'unit', unit: u, unitDisplay: display, maximumFractionDigits: 1 }).format(n);
  const bytes = (n: number): string => {
    if (n < 1000) return unit('byte', n, 'short');
    if (n < 1e6) return unit('kilobyte', n / 1e3, 'short');
    if (n < 1e9) return unit('megabyte', n / 1e6, 'short');
    return unit('gigabyte', n / 1e9, 'short');
  };
  const duration = (seconds: number): string => {
    if (seconds < 3600) return unit('minute', Math.max(1, Math.round(seconds / 60)));
    if (seconds < 86_400) return unit('hour', Math.round(seconds / 3600));
    return unit('day', Math.round(seconds / 86_400));
  };
  return {
    language,
    dir: direction(language),
    duration,
    bytes,
    t: (key, values) => ((messages[key] as string | undefined) ?? key).replace(/\{(\w+)\}/g, (whole, name: string) => {
      const v = values?.[name];
      return v === undefined ? whole : typeof v === 'number' ? number(v) : v;
    }),
    date: (iso) => {
      const d = new Date(iso);
      return Number.isNaN(d.getTime()) ? iso : dates.format(d);
    },
    number,
  };
}

const Context = createContext<I18n>(makeI18n('en'));

export function I18nProvider(props: { readonly language: Language; readonly children: ReactNode }): ReactNode {
  const value = useMemo(() => makeI18n(props.language), [props.language]);
  return <Context.Provider value={value}>{props.children}</Context.Provider>;
}

export function useI18n(): I18n {
  return useContext(Context);
}
