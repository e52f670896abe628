// One seat of the floor plan. Taken: the person's name (or "user <id>" when only the id is
// known), "you" on my own, how long they have been in the room, and their activity as a
// large icon with its label, flashing briefly when it changes. Free: a chair, "Free seat".
import { el, later, replace, setText } from '../../dom';
import { t } from '../../i18n';
import { stay, type Seat } from '../../state/dorm';
import { isValidTime, localStamp } from '../../lib/format';
import { activityLabel } from './activity';
import { activityIcon, seatIcon } from './icons';

export const ICON_SIZE = 48;
/** How long a changed activity stays highlighted (the CSS animation is as long). */
export const FLASH_MS = 1600;

type Person = Extract<Seat, { kind: 'person' }>;

/** "in the room for 1 h 5 min" (no text when the join time is unknown, or no time a Date holds). */
export function stayText(joinTime: number | null, now: number): string {
  if (joinTime === null || !isValidTime(joinTime)) return '';
  const { d, h, m } = stay(joinTime, now);
  if (d > 0) return t('dorm.stay.days', { d, h });
  if (h > 0) return t('dorm.stay.hours', { h, m });
  return m > 0 ? t('dorm.stay.minutes', { m }) : t('dorm.stay.less');
}

export interface MateCell {
  element: HTMLLIElement;
  update(p: Person, now: number): void;
}

export function mateCell(): MateCell {
  const iconBox = el('div', { class: 'dorm-mate-icon' });
  const name = el('span', { class: 'dorm-mate-name' });
  const you = el('span', { class: 'tag dorm-you', text: t('dorm.you') });
  const label = el('p', { class: 'dorm-mate-activity', testid: 'dorm-mate-activity' });
  const since = el('p', { class: 'hint dorm-mate-since' });
  const stayLine = el('p', { class: 'hint dorm-mate-stay' });
  const element = el('li', { class: 'dorm-mate', testid: 'dorm-mate' }, [
    iconBox,
    el('div', { class: 'dorm-mate-text' }, [el('p', { class: 'dorm-mate-who' }, [name, you]), label, since, stayLine]),
  ]);

  let shownAction: string | null | undefined; // undefined: nothing drawn yet
  let flash: (() => void) | undefined;

  return {
    element,
    update(p, now) {
      const code = p.action;
      element.dataset.userId = p.user_id;
      element.dataset.action = code ?? 'none';
      element.classList.toggle('me', p.me);
      element.classList.toggle('stranger', p.name === null);
      element.title = p.name === null ? t('dorm.stranger_hint') : '';
      setText(name, p.name ?? t('dorm.user', { id: p.user_id }));
      you.hidden = !p.me;
      if (code !== shownAction) {
        replace(iconBox, [activityIcon(code, ICON_SIZE)]);
        setText(label, activityLabel(code));
        // A change, not the first drawing: flash it (restarting a running flash).
        if (shownAction !== undefined) {
          element.classList.remove('changed');
          void element.offsetWidth;
          element.classList.add('changed');
          flash?.();
          flash = later(() => element.classList.remove('changed'), FLASH_MS);
        }
        shownAction = code;
      }
      setText(since, code !== null && p.actionTime !== null ? t('dorm.since', { time: localStamp(p.actionTime, now) }) : '');
      since.hidden = since.textContent === '';
      setText(stayLine, stayText(p.joinTime, now));
      stayLine.hidden = stayLine.textContent === '';
    },
  };
}

/** A free seat: a chair and the words. */
export function freeCell(): HTMLLIElement {
  return el('li', { class: 'dorm-mate free', testid: 'dorm-free-seat' }, [
    el('div', { class: 'dorm-mate-icon' }, [seatIcon(false, ICON_SIZE)]),
    el('div', { class: 'dorm-mate-text' }, [el('p', { class: 'dorm-mate-who muted', text: t('dorm.free_seat') })]),
  ]);
}
