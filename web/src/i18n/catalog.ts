// Every message of the app: the common section (en.ts and its translations) and one section per
// page or area, each in all six languages. A page adds its section here; keys must be unique
// across sections (i18n.test.ts).
import { admin } from './admin.js';
import { ar } from './ar.js';
import { compose } from './compose.js';
import { en } from './en.js';
import { es } from './es.js';
import { federation } from './federation.js';
import { explorer } from './explorer.js';
import { fr } from './fr.js';
import { importPage } from './import.js';
import type { Language, Section } from './languages.js';
import { operations } from './operations.js';
import { ru } from './ru.js';
import { zh } from './zh.js';

const common = { en, zh, ru, fr, es, ar } satisfies Section<typeof en>;

export const SECTIONS = [
  common,
  importPage,
  compose,
  federation,
  admin,
  operations,
  explorer,
] as const;

type KeysOf<S> = S extends { readonly en: infer E } ? keyof E & string : never;
export type MessageKey = KeysOf<(typeof SECTIONS)[number]>;
export type Messages = Readonly<Record<MessageKey, string>>;

function merged(language: Language): Messages {
  return Object.assign({}, ...SECTIONS.map((s) => s[language])) as Messages;
}

export const MESSAGES: Readonly<Record<Language, Messages>> = {
  en: merged('en'), zh: merged('zh'), ru: merged('ru'), fr: merged('fr'), es: merged('es'), ar: merged('ar'),
};
