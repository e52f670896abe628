// Started in a Chinese desktop session (LANG=zh_CN.UTF-8): the window is in Chinese.
import { expectWindowIn, localeEnv } from '../lib/os-language.mjs';
import { freshProfile } from '../lib/profile.mjs';

// Its own profile: no language chosen in Settings by an earlier test.
export const appEnv = { ...localeEnv('zh_CN.UTF-8'), ...freshProfile('zh') };

export async function run(browser, ctx) {
  await expectWindowIn(browser, ctx, ['服务器', '添加服务器'], 'os-language-zh');
}
