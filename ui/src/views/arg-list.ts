// The emit form's arguments: any number of JSON textareas, each checked as you type,
// with add and remove. Blank ones are not sent.
import { el, newId, setText } from '../dom';
import { t } from '../i18n';
import { safeStringify } from '../lib/format';
import { checkJson } from '../lib/json-args';
import { icon } from './icons';

interface Row {
  row: HTMLElement;
  label: HTMLLabelElement;
  remove: HTMLButtonElement;
  input: HTMLTextAreaElement;
  error: HTMLElement;
}

export interface ArgList {
  element: HTMLElement;
  addButton: HTMLButtonElement;
  /** The parsed values to send, or null after focusing the first invalid argument. */
  values(): unknown[] | null;
  /** Replace the arguments with these values, one pretty-printed JSON argument each (none: one blank). */
  set(values: readonly unknown[]): void;
}

export function argList(): ArgList {
  const rows: Row[] = [];
  const list = el('div', { class: 'arg-list' });

  const check = (r: Row) => {
    const c = checkJson(r.input.value);
    setText(r.error, c.kind === 'error' ? c.message : '');
    r.input.setAttribute('aria-invalid', String(c.kind === 'error'));
    return c;
  };

  const renumber = () =>
    rows.forEach((r, i) => {
      setText(r.label, t('emit.arg', { n: i + 1 }));
      r.remove.setAttribute('aria-label', t('emit.arg_remove', { n: i + 1 }));
      r.remove.title = t('emit.arg_remove', { n: i + 1 });
    });

  const add = (focus: boolean, text = '') => {
    const input = el('textarea', {
      testid: 'emit-arg',
      attrs: { id: newId('emit-arg'), rows: 2, spellcheck: 'false', placeholder: t('emit.arg_placeholder') },
    });
    input.value = text;
    const r: Row = {
      input,
      label: el('label', { attrs: { for: input.id } }),
      remove: el('button', { class: 'icon', testid: 'emit-arg-remove', attrs: { type: 'button' } }, [icon('close')]),
      error: el('p', { class: 'field-error', attrs: { role: 'alert' } }),
      row: el('div', { class: 'arg-row' }),
    };
    // `change` too: WebDriver's Element Clear fires no `input` event.
    input.addEventListener('input', () => check(r));
    input.addEventListener('change', () => check(r));
    r.remove.addEventListener('click', () => {
      rows.splice(rows.indexOf(r), 1);
      r.row.remove();
      renumber();
      addButton.focus();
    });
    r.row.append(el('div', { class: 'arg-head' }, [r.label, r.remove]), input, r.error);
    rows.push(r);
    list.appendChild(r.row);
    renumber();
    if (focus) input.focus();
  };

  const addButton = el('button', {
    testid: 'emit-arg-add',
    text: t('emit.arg_add'),
    attrs: { type: 'button' },
    on: { click: () => add(true) },
  });
  add(false);

  return {
    element: list,
    addButton,
    values() {
      const out: unknown[] = [];
      for (const r of rows) {
        const c = check(r);
        if (c.kind === 'error') {
          r.input.focus();
          return null;
        }
        if (c.kind === 'ok') out.push(c.value);
      }
      return out;
    },
    set(values) {
      for (const r of rows.splice(0)) r.row.remove();
      if (values.length === 0) add(false);
      for (const v of values) add(false, safeStringify(v, 2));
      for (const r of rows) check(r);
    },
  };
}
