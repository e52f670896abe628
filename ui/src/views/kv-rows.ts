// Editable key/value rows (query parameters, headers) with add and remove buttons.
import type { KeyValue } from '../bindings/KeyValue';
import { el } from '../dom';
import { t } from '../i18n';
import { icon } from './icons';

export interface KvRows {
  element: HTMLElement;
  /** The rows with a non-empty key, in order. */
  value(): KeyValue[];
}

export function kvRows(title: string, initial: KeyValue[]): KvRows {
  const rows = el('div', { class: 'kv-rows' });
  const empty = el('p', { class: 'muted kv-empty', text: t('form.rows_empty') });

  const sync = () => {
    empty.hidden = rows.childElementCount > 0;
  };

  const add = (kv: KeyValue, focus: boolean) => {
    const key = el('input', {
      class: 'kv-key',
      attrs: { type: 'text', value: kv.key, placeholder: t('form.row_key'), 'aria-label': `${title}: ${t('form.row_key')}`, spellcheck: 'false' },
    });
    const value = el('input', {
      class: 'kv-value',
      attrs: { type: 'text', value: kv.value, placeholder: t('form.row_value'), 'aria-label': `${title}: ${t('form.row_value')}`, spellcheck: 'false' },
    });
    const row = el('div', { class: 'kv-row' }, [key, value]);
    row.appendChild(
      el('button', {
        class: 'icon',
        attrs: { type: 'button', 'aria-label': t('form.row_remove'), title: t('form.row_remove') },
        on: {
          click: () => {
            row.remove();
            sync();
            addButton.focus();
          },
        },
      }, [icon('close')]),
    );
    rows.appendChild(row);
    sync();
    if (focus) key.focus();
  };

  const addButton = el('button', {
    class: 'small',
    text: t('form.row_add'),
    attrs: { type: 'button' },
    on: { click: () => add({ key: '', value: '' }, true) },
  });
  initial.forEach((kv) => add(kv, false));
  sync();

  return {
    element: el('fieldset', { class: 'kv' }, [el('legend', { text: title }), rows, empty, addButton]),
    value: () =>
      Array.from(rows.children)
        .map((row) => {
          const [k, v] = Array.from(row.querySelectorAll('input'));
          return { key: k.value.trim(), value: v.value };
        })
        .filter((kv) => kv.key !== ''),
  };
}
