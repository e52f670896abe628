// Every piece of text the window shows, by locale: English (complete, and the fallback for a
// key another locale lacks), Russian and simplified Chinese. Placeholders are written {name}.
// Texts that depend on a number have one key per plural category of the language
// (`.one`, `.other`; Russian adds `.few` and `.many`, Chinese needs only `.other`).
// To add a locale: write it as a `Translation` (keys.ts) in its own file and list it here.
import { en } from './en';
import type { MessageKey, Messages } from './keys';
import { ru } from './ru';
import { zh } from './zh';

export type { MessageKey, Messages, PluralBase } from './keys';

export const catalog: { en: Record<MessageKey, string> } & Record<string, Messages> = { en, ru, zh };
