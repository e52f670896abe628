// Settings: how much history each server keeps (most events, most MiB). A valid number is
// kept and sent to the backend at once; anything else is said in words beside the field.
import { el, newId, setText } from '../dom';
import { t, type MessageKey } from '../i18n';
import { sendHistoryLimits } from '../settings/history-limits';
import { parseCount, storedHistoryLimits, storeHistoryLimits } from '../settings/preferences';

export function historyLimitsFields(): { element: HTMLElement; draw(): void } {
  const legend = el('legend');
  const hint = el('p', { class: 'hint' });
  const make = (key: MessageKey, testid: string, value: number, apply: (n: number) => void) => {
    const id = newId(testid);
    const error = el('p', { class: 'field-error', attrs: { id: `${id}-error`, role: 'alert' } });
    const input = el('input', {
      testid,
      attrs: { id, type: 'number', min: 1, step: 1, inputmode: 'numeric', 'aria-describedby': `${id}-error` },
      on: {
        change: () => {
          const n = parseCount(input.value);
          setText(error, n === null ? t('history.settings.invalid') : '');
          input.setAttribute('aria-invalid', String(n === null));
          if (n === null) return;
          apply(n);
          void sendHistoryLimits();
        },
      },
    });
    input.value = String(value);
    const label = el('label', { attrs: { for: id } });
    return { key, label, element: el('div', { class: 'field' }, [label, input, error]) };
  };
  const limits = storedHistoryLimits();
  const events = make('history.settings.max_events', 'settings-history-events', limits.events, (n) =>
    storeHistoryLimits({ ...storedHistoryLimits(), events: n }),
  );
  const mib = make('history.settings.max_mib', 'settings-history-mib', limits.mib, (n) => storeHistoryLimits({ ...storedHistoryLimits(), mib: n }));
  const element = el('fieldset', { class: 'settings-group', testid: 'settings-history' }, [legend, hint, events.element, mib.element]);
  const draw = () => {
    setText(legend, t('history.settings.legend'));
    setText(hint, t('history.settings.hint'));
    for (const f of [events, mib]) setText(f.label, t(f.key));
  };
  draw();
  return { element, draw };
}
