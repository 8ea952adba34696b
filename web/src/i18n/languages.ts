// The six official languages of the United Nations, and how each is written.
export const LANGUAGES = ['en', 'zh', 'ru', 'fr', 'es', 'ar'] as const;
export type Language = (typeof LANGUAGES)[number];

/** A part of the app's messages (one page's, say) in every language: each translates every key of the English table. */
export type Section<E extends Readonly<Record<string, string>>> = { readonly en: E } & { readonly [L in Exclude<Language, 'en'>]: Readonly<Record<keyof E, string>> };
