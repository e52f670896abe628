// My activity: the ten activity icons and "No activity", each a button that sets it (mine
// is pressed). On the keyboard, 0–9 choose a code and Escape clears it, unless focus is
// in a text field (typing a chat message must not change what I am doing).
import type { App } from '../../app';
import { el } from '../../dom';
import { t } from '../../i18n';
import { ACTIVITY_CODES, myAction } from '../../state/dorm';
import { activityLabel, keyOf } from './activity';
import { errorSlot, type DormCtx, type Part } from './context';
import { activityIcon } from './icons';
import { sendRequest } from '../protocol-request';
import { isTextField } from '../text-field';

const NONE = 'none';

export interface Palette extends Part {
  /** A key pressed while the dorm view is on screen; true when it was used. */
  onKey(e: KeyboardEvent): boolean;
}

export function palette(app: App): Palette {
  let ctx: DormCtx | null = null;
  const usable = () => ctx !== null && ctx.online && ctx.dorm.presence === 'in';
  const choose = (code: string | null) => {
    if (!ctx || !usable()) return;
    const action = code === null ? { type: 'set_activity' as const } : { type: 'set_activity' as const, code };
    void sendRequest(app, ctx.id, { type: 'request', id: ctx.id, protocol: 'dorm', action });
  };

  const button = (code: string | null) => {
    const label = activityLabel(code);
    const key = code === null ? t('dorm.key_clear') : keyOf(code);
    return el(
      'button',
      {
        class: 'dorm-activity',
        testid: 'dorm-activity',
        attrs: { type: 'button', 'data-code': code ?? NONE, 'aria-pressed': 'false', title: t('dorm.activity_key', { label, key }) },
        on: { click: () => choose(code) },
      },
      [
        activityIcon(code, 24),
        el('span', { class: 'dorm-activity-label', text: label }),
        el('kbd', { class: 'dorm-key', text: key, attrs: { 'aria-hidden': 'true' } }),
      ],
    );
  };
  const buttons = [...ACTIVITY_CODES.map((c) => button(c)), button(null)];
  const error = errorSlot('set_activity', buttons);

  return {
    element: el('section', { class: 'card dorm-palette-box', attrs: { 'aria-label': t('dorm.palette') } }, [
      el('div', { class: 'dorm-box-head' }, [el('h3', { text: t('dorm.palette') }), el('span', { class: 'hint', text: t('dorm.palette_hint') })]),
      el('div', { class: 'dorm-palette', testid: 'dorm-palette', attrs: { role: 'group', 'aria-label': t('dorm.palette') } }, buttons),
      error.element,
    ]),
    update(c) {
      ctx = c;
      const mine = c.dorm.presence === 'in' ? (myAction(c.dorm) ?? NONE) : null;
      for (const b of buttons) {
        b.disabled = !usable();
        b.setAttribute('aria-pressed', String(b.dataset.code === mine));
      }
      error.update(c);
    },
    onKey(e) {
      if (e.defaultPrevented || e.repeat || e.altKey || e.ctrlKey || e.metaKey || e.isComposing) return false;
      if (isTextField(e.target) || (e.target instanceof Element && e.target.closest('dialog'))) return false;
      const digit = /^[0-9]$/.test(e.key) ? e.key : null;
      if (digit === null && e.key !== 'Escape') return false;
      if (!usable()) return false;
      e.preventDefault();
      choose(digit === null ? null : `0${digit}`);
      return true;
    },
  };
}
