// Settings: the window's language, theme, update checks and which notifications show, in a
// modal dialog opened by the gear in the sidebar; from here too, the list of keyboard shortcuts,
// and Export servers… / Import servers… (the saved servers and their saved messages as one
// JSON file, never a token; the result said in words). A choice applies at once and is kept for next time; a new language draws the
// window again behind the dialog, and the dialog redraws its own words in place (the
// selects stay, so keyboard focus does too). Escape or Close closes it.
import type { App } from '../app';
import { el, newId, setText } from '../dom';
import { errorText } from '../errors';
import { t, tn, type MessageKey } from '../i18n';
import { chooseFiles, chooseSavePath } from '../ipc';
import type { SetupNote } from '../state/saved-messages';
import { chooseLanguage } from '../settings/language';
import {
  LANGUAGE_CHOICES, NOTIFY_KINDS, THEME_CHOICES, UPDATES_CHOICES, notifyOn, storeNotify, storeUpdates, storedLanguage, storedTheme,
  storedUpdates, type LanguageChoice, type NotifyKind, type ThemeChoice, type UpdatesChoice,
} from '../settings/preferences';
import { chooseTheme } from '../settings/theme';
import { closeDialog, openDialog } from './dialog';
import { field } from './fields';
import { icon } from './icons';
import { openShortcutsHelp } from './shortcuts-help';
import { historyLimitsFields } from './history-limits-fields';

/** One checkbox per kind of notification, each kept as soon as it is changed. */
function notifyBoxes() {
  const legend = el('legend');
  const hint = el('p', { class: 'hint' });
  const boxes = NOTIFY_KINDS.map((kind: NotifyKind) => {
    const input = el('input', { testid: `settings-notify-${kind}`, attrs: { type: 'checkbox' }, on: { change: () => storeNotify(kind, input.checked) } });
    input.checked = notifyOn(kind);
    const words = el('span');
    return { kind, words, element: el('label', { class: 'check' }, [input, words]) };
  });
  const element = el('fieldset', { class: 'settings-group', testid: 'settings-notify' }, [legend, hint, ...boxes.map((b) => b.element)]);
  const draw = () => {
    setText(legend, t('settings.notify'));
    setText(hint, t('settings.notify_hint'));
    for (const b of boxes) setText(b.words, t(`settings.notify.${b.kind}`));
  };
  return { element, draw };
}

/** A select whose options' words come from the catalog, redrawn by `draw`. */
function choiceSelect<C extends string>(testid: string, choices: readonly C[], words: (c: C) => MessageKey, chosen: C) {
  const options = choices.map((c) => el('option', { attrs: { value: c } }));
  const select = el('select', { testid }, options);
  const draw = () => options.forEach((o, i) => setText(o, t(words(choices[i]))));
  draw();
  select.value = chosen;
  return { select, draw };
}

/** What an export or import did, in words: how many servers and messages, and which servers need their token again. */
export function setupText(note: SetupNote): string {
  const messages = tn('setup.messages', note.messages);
  if (note.kind === 'exported') return t('setup.exported', { servers: tn('setup.servers', note.servers), messages, path: note.path });
  const added = t('setup.imported', { servers: tn('setup.servers', note.servers.length), messages });
  if (note.need_token.length === 0) return added;
  const names = note.need_token.map((n) => t('setup.quoted', { name: n })).join(t('setup.list_separator'));
  return `${added} ${tn('setup.need_token', note.need_token.length, { names })}`;
}

const SETUP_FILE = 'switchboard-servers.json';

/** Export servers… and Import servers…: a file the person picks, then what was done in words. */
function setupBox(app: App) {
  const legend = el('legend');
  const hint = el('p', { class: 'hint' });
  const result = el('p', { class: 'setup-result', testid: 'settings-setup-result', attrs: { role: 'status', 'aria-live': 'polite' } });
  let waiting: { before: SetupNote | null } | null = null;
  const run = async (words: MessageKey, path: string | null, action: (path: string) => Parameters<App['send']>[0]) => {
    if (path === null) return;
    waiting = { before: app.store.get().setup };
    setText(result, t(words));
    result.dataset.state = 'busy';
    const failed = await app.send(action(path));
    if (failed) {
      waiting = null;
      result.dataset.state = 'failed';
      setText(result, errorText(failed));
    } else show();
  };
  /** The backend's report, once it came (it may come before or after the action returns). */
  const show = () => {
    const note = app.store.get().setup;
    if (!waiting || note === waiting.before || note === null) return;
    waiting = null;
    result.dataset.state = 'done';
    setText(result, setupText(note));
    // The dialog may be scrolled so that the words fall below its fold.
    result.scrollIntoView?.({ block: 'nearest' });
  };
  const stop = app.store.subscribe(show);
  const exportButton = el('button', {
    testid: 'settings-export',
    attrs: { type: 'button' },
    on: { click: () => void chooseSavePath(t('settings.export_title'), SETUP_FILE).then((p) => run('settings.exporting', p, (path) => ({ type: 'export_setup', path }))) },
  });
  const importButton = el('button', {
    testid: 'settings-import',
    attrs: { type: 'button' },
    on: {
      click: () =>
        void chooseFiles(t('settings.import_title'), false, { name: t('settings.json_files'), extensions: ['json'] }).then((paths) =>
          run('settings.importing', paths[0] ?? null, (path) => ({ type: 'import_setup', path })),
        ),
    },
  });
  const element = el('fieldset', { class: 'settings-group', testid: 'settings-setup' }, [
    legend, hint, el('div', { class: 'control-row' }, [exportButton, importButton]), result,
  ]);
  const draw = () => {
    setText(legend, t('settings.setup'));
    setText(hint, t('settings.setup_hint'));
    setText(exportButton, t('settings.export'));
    setText(importButton, t('settings.import'));
  };
  return { element, draw, stop };
}

// The window may have been drawn again meanwhile: back to the gear that is there now.
const focusGear = () => document.querySelector<HTMLElement>('[data-testid=settings-open]')?.focus();

/** `app`: where Export servers… and Import servers… send (without it they are not offered). */
export function openSettings(app?: App): HTMLDialogElement {
  const language = choiceSelect('settings-language', LANGUAGE_CHOICES, (c) => `settings.language.${c}`, storedLanguage());
  const theme = choiceSelect('settings-theme', THEME_CHOICES, (c) => `settings.theme.${c}`, storedTheme());
  const updates = choiceSelect('settings-updates', UPDATES_CHOICES, (c) => `settings.updates.${c}`, storedUpdates());
  const updatesHint = el('p', { class: 'hint' });
  const updatesField = field('', updates.select, updatesHint);
  const languageHint = el('p', { class: 'hint' });
  const themeHint = el('p', { class: 'hint' });
  const languageField = field('', language.select, languageHint);
  const themeField = field('', theme.select, themeHint);
  const notify = notifyBoxes();
  const historyFields = historyLimitsFields();
  const setup = app ? setupBox(app) : null;
  const heading = el('h2', { attrs: { id: newId('settings-title') } });
  const close = el('button', { class: 'primary', testid: 'settings-close', attrs: { type: 'button' }, on: { click: () => closeDialog(dialog) } });
  const shortcuts = el('button', {
    testid: 'settings-shortcuts',
    attrs: { type: 'button', 'aria-haspopup': 'dialog' },
    on: {
      click: () => {
        closeDialog(dialog);
        openShortcutsHelp(focusGear);
      },
    },
  });

  const draw = () => {
    setText(heading, t('settings.title'));
    // field() wrote the labels once; in another language they are written again here.
    setText(languageField.element.querySelector('label') as HTMLLabelElement, t('settings.language'));
    setText(themeField.element.querySelector('label') as HTMLLabelElement, t('settings.theme'));
    setText(languageHint, t('settings.language_hint'));
    setText(themeHint, t('settings.theme_hint'));
    setText(updatesField.element.querySelector('label') as HTMLLabelElement, t('settings.updates'));
    setText(updatesHint, t('settings.updates_hint'));
    updates.draw();
    setText(close, t('settings.close'));
    setText(shortcuts, t('shortcuts.open'));
    notify.draw();
    historyFields.draw();
    setup?.draw();
    language.draw();
    theme.draw();
  };
  draw();

  language.select.addEventListener('change', () => {
    void chooseLanguage(language.select.value as LanguageChoice).then(draw);
  });
  theme.select.addEventListener('change', () => chooseTheme(theme.select.value as ThemeChoice));
  updates.select.addEventListener('change', () => storeUpdates(updates.select.value as UpdatesChoice));

  const dialog = openDialog(
    'settings-dialog',
    [
      heading,
      el('div', { class: 'form-scroll' }, [
        languageField.element,
        themeField.element,
        updatesField.element,
        notify.element,
        historyFields.element,
        setup?.element,
      ]),
      el('div', { class: 'dialog-buttons' }, [shortcuts, el('span', { class: 'spacer' }), close]),
    ],
    () => {
      setup?.stop();
      focusGear();
    },
  );
  dialog.dataset.testid = 'settings-dialog';
  dialog.setAttribute('aria-labelledby', heading.id);
  language.select.focus();
  return dialog;
}

/** The gear that opens Settings: an icon button with its name as tooltip and for screen readers. */
export function settingsButton(app?: App): HTMLButtonElement {
  return el(
    'button',
    {
      class: 'icon',
      testid: 'settings-open',
      attrs: { type: 'button', title: t('settings.open'), 'aria-label': t('settings.open'), 'aria-haspopup': 'dialog' },
      on: { click: () => void openSettings(app) },
    },
    [icon('gear')],
  );
}
