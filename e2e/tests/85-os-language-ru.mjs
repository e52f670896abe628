// Started in a Russian desktop session (LANG=ru_RU.UTF-8): the window is in Russian.
import { expectWindowIn, localeEnv } from '../lib/os-language.mjs';
import { freshProfile } from '../lib/profile.mjs';

// Its own profile: no language chosen in Settings by an earlier test.
export const appEnv = { ...localeEnv('ru_RU.UTF-8'), ...freshProfile('ru') };

export async function run(browser, ctx) {
  await expectWindowIn(browser, ctx, ['Серверы', 'Добавить сервер', 'Подключиться'], 'os-language-ru');
}
