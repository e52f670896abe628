// Adding or editing a saved server, in a modal dialog. Enter saves, Escape cancels.
// A typed token goes to the OS keyring (save_token) before the profile is saved.
import type { App } from '../app';
import type { Profile } from '../bindings/Profile';
import type { Protocol } from '../bindings/Protocol';
import type { ServerVersion } from '../bindings/ServerVersion';
import type { Transport } from '../bindings/Transport';
import { el, newId, setText } from '../dom';
import { errorText } from '../errors';
import { t, type MessageKey } from '../i18n';
import { backendAvailable } from '../ipc';
import { parseAnswerLimit } from '../state/file-exchange';
import { mibText, parseMib } from '../state/files';
import { checkJson } from '../lib/json-args';
import { safeStringify } from '../lib/format';
import { checkServerUrl, withScheme } from '../lib/url';
import { closeDialog, openDialog } from './dialog';
import { checkbox, field } from './fields';
import { kvRows } from './kv-rows';
import { tokenField } from './token-field';
import { pickPemFile } from './file-pick';

const TRANSPORTS: [Transport, MessageKey][] = [
  ['any', 'form.transport_any'],
  ['websocket', 'form.transport_websocket'],
  ['polling', 'form.transport_polling'],
];

const VERSIONS: [ServerVersion, MessageKey][] = [
  ['auto', 'form.version_auto'],
  ['v4', 'form.version_v4'],
  ['v3', 'form.version_v3'],
];

const PROTOCOLS: [Protocol['kind'], MessageKey][] = [
  ['console', 'form.protocol_console'],
  ['session_host', 'form.protocol_session_host'],
  ['dorm', 'form.protocol_dorm'],
  ['space', 'form.protocol_space'],
  ['file_exchange', 'form.protocol_file_exchange'],
];

/**
 * The chosen protocol; an unchanged kind keeps what else the profile said about it.
 * `answerLimit`: a file exchange server's answer time limit (null: the default, left out).
 */
function chosenProtocol(kind: string, before: Protocol | undefined, answerLimit: number | null): Protocol {
  if (kind === 'session_host') return before?.kind === 'session_host' ? before : { kind: 'session_host' };
  if (kind === 'dorm') return { kind: 'dorm' };
  if (kind === 'space') return { kind: 'space' };
  if (kind === 'file_exchange') return answerLimit === null ? { kind: 'file_exchange' } : { kind: 'file_exchange', answer_limit_secs: answerLimit };
  return { kind: 'console' };
}

function newProfileId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

const input = (value: string, attrs: Record<string, string> = {}) =>
  el('input', { attrs: { type: 'text', value, spellcheck: 'false', autocomplete: 'off', ...attrs } });

export function openServerForm(app: App, existing: Profile | null): void {
  const id = existing?.id ?? newProfileId();
  const o = existing?.options;

  const name = input(existing?.name ?? '', { placeholder: t('form.name_placeholder'), 'data-testid': 'server-name', autofocus: '' });
  const url = input(o?.url ?? '', { placeholder: t('form.url_placeholder'), 'data-testid': 'server-url', inputmode: 'url' });
  const path = input(o?.path ?? '/socket.io/', { 'data-testid': 'server-path' });
  const auth = el('textarea', {
    attrs: { rows: 3, spellcheck: 'false', placeholder: t('form.auth_placeholder'), 'data-testid': 'server-auth' },
  });
  auth.value = o?.auth === undefined || o.auth === null ? '' : safeStringify(o.auth, 2);
  const transport = el('select', { testid: 'server-transport' }, TRANSPORTS.map(([v, k]) => el('option', { text: t(k), attrs: { value: v } })));
  transport.value = o?.transport ?? 'any';
  const version = el('select', { testid: 'server-version' }, VERSIONS.map(([v, k]) => el('option', { text: t(k), attrs: { value: v } })));
  version.value = o?.server_version ?? 'auto';
  const protocol = el('select', { testid: 'server-protocol' }, PROTOCOLS.map(([v, k]) => el('option', { text: t(k), attrs: { value: v } })));
  protocol.value = o?.protocol?.kind ?? 'console';
  const maxFile = input(mibText(o?.max_file_bytes), {
    placeholder: t('form.max_file_placeholder'),
    'data-testid': 'server-max-file',
    inputmode: 'decimal',
  });
  const answerLimit = input(o?.protocol?.kind === 'file_exchange' && o.protocol.answer_limit_secs !== undefined ? String(o.protocol.answer_limit_secs) : '', {
    placeholder: t('form.answer_limit_placeholder'),
    'data-testid': 'server-answer-limit',
    inputmode: 'numeric',
  });
  const ca = input(o?.ca_file ?? '', { placeholder: t('form.ca_file_placeholder'), 'data-testid': 'server-ca' });
  const browse = el('button', {
    class: 'small',
    text: t('form.browse'),
    attrs: { type: 'button' },
    on: { click: () => void pickPemFile(t('form.ca_file'), t('form.pem_files')).then((p) => p && (ca.value = p)) },
  });
  browse.hidden = !backendAvailable();

  const nsHint = el('p', { class: 'hint' }, [
    t('form.url_hint'), el('br'), el('strong', { class: 'ns' }), el('span', { class: 'url-read', testid: 'server-url-read' }),
  ]);
  const fName = field(t('form.name'), name);
  const fUrl = field(t('form.url'), url, nsHint);
  const fAuth = field(t('form.auth'), auth, t('form.auth_hint'));
  const fMaxFile = field(t('form.max_file'), maxFile, t('form.max_file_hint'));
  const fAnswerLimit = field(t('form.answer_limit'), answerLimit, t('form.answer_limit_hint'));
  const query = kvRows(t('form.query'), o?.query ?? []);
  const headers = kvRows(t('form.headers'), o?.headers ?? []);
  const warning = el('p', { class: 'warning-text', text: t('form.accept_invalid_warning') });
  const insecure = checkbox(t('form.accept_invalid'), o?.accept_invalid_certs ?? false, warning);
  insecure.input.dataset.testid = 'server-insecure';
  const reconnect = checkbox(t('form.reconnect'), o?.reconnect ?? true);
  const token = tokenField(app, id, existing === null);
  const fProtocol = field(t('form.protocol'), protocol, t('form.protocol_hint'));
  // A dorm server knows people by their token: while that protocol is chosen, say where it goes.
  const dormHint = el('p', { class: 'protocol-note', testid: 'server-dorm-hint', text: t('form.protocol_dorm_hint'), attrs: { id: newId('dorm-hint') } });
  fProtocol.element.appendChild(dormHint);
  protocol.setAttribute('aria-describedby', `${protocol.getAttribute('aria-describedby')} ${dormHint.id}`);
  // A file exchange server: WebSocket only and the token in the query; say so, and the answer limit is asked.
  const fileExchangeHint = el('p', { class: 'protocol-note', testid: 'server-file-exchange-hint', text: t('form.protocol_file_exchange_hint'), attrs: { id: newId('file-exchange-hint') } });
  fProtocol.element.appendChild(fileExchangeHint);
  protocol.setAttribute('aria-describedby', `${protocol.getAttribute('aria-describedby')} ${fileExchangeHint.id}`);
  const showProtocolNote = () => {
    dormHint.hidden = protocol.value !== 'dorm';
    fileExchangeHint.hidden = protocol.value !== 'file_exchange';
    fAnswerLimit.element.hidden = protocol.value !== 'file_exchange';
    token.setNote(protocol.value === 'dorm' ? t('form.token_dorm_note') : protocol.value === 'file_exchange' ? t('form.token_file_exchange_note') : '');
  };
  protocol.addEventListener('change', () => {
    // These servers take WebSocket only (the person may still choose otherwise).
    if (protocol.value === 'file_exchange') transport.value = 'websocket';
    showProtocolNote();
  });
  showProtocolNote();
  const formError = el('p', { class: 'form-error', attrs: { role: 'alert' } });

  const checkName = () => (fName.setError(name.value.trim() ? '' : t('form.name_required')), name.value.trim() !== '');
  const checkUrl = () => {
    const r = checkServerUrl(url.value);
    fUrl.setError(r.ok ? '' : t(`form.url_${r.problem}`));
    setText(nsHint.querySelector('.ns') as HTMLElement, r.ok ? t('form.url_namespace', { namespace: r.namespace }) : '');
    // Without a scheme the address is read as http://…: say so while typing.
    setText(nsHint.querySelector('.url-read') as HTMLElement, r.ok && r.assumed ? ` · ${t('form.url_read_as', { url: r.url })}` : '');
    return r.ok;
  };
  // Leaving the field writes the address as it is read, so what is saved is what is shown.
  const showAsRead = () => {
    const r = checkServerUrl(url.value);
    if (r.ok && r.assumed) {
      url.value = r.url;
      checkUrl();
    }
  };
  const checkMaxFile = () => {
    const r = parseMib(maxFile.value);
    fMaxFile.setError(r.ok ? '' : t('form.max_file_invalid'));
    return r;
  };
  maxFile.addEventListener('input', () => parseMib(maxFile.value).ok && fMaxFile.setError(''));
  const checkAnswerLimit = () => {
    const r = protocol.value === 'file_exchange' ? parseAnswerLimit(answerLimit.value) : ({ ok: true, secs: null } as const);
    fAnswerLimit.setError(r.ok ? '' : t('form.answer_limit_invalid'));
    return r;
  };
  answerLimit.addEventListener('input', () => parseAnswerLimit(answerLimit.value).ok && fAnswerLimit.setError(''));
  const checkAuth = () => {
    const r = checkJson(auth.value);
    fAuth.setError(r.kind === 'error' ? r.message : '');
    return r;
  };
  name.addEventListener('input', () => name.value.trim() && fName.setError(''));
  const clearFormError = () => setText(formError, '');
  url.addEventListener('input', checkUrl);
  url.addEventListener('change', showAsRead);
  auth.addEventListener('input', checkAuth);
  if (o) checkUrl();

  const save = async () => {
    if (saveButton.disabled) return; // already saving
    saveButton.disabled = true;
    try {
      await trySave();
    } finally {
      saveButton.disabled = false;
    }
  };

  const trySave = async () => {
    setText(formError, '');
    const okName = checkName();
    showAsRead();
    const okUrl = checkUrl();
    const authCheck = checkAuth();
    const maxCheck = checkMaxFile();
    const limitCheck = checkAnswerLimit();
    if (!okName || !okUrl || authCheck.kind === 'error' || !maxCheck.ok || !limitCheck.ok) {
      setText(formError, t('form.fix_errors'));
      (form.querySelector('[aria-invalid="true"]') as HTMLElement | null)?.focus();
      return;
    }
    const typed = token.value();
    let tokenStored = app.store.get().tokens[id] === true;
    if (typed) {
      const err = await app.send({ type: 'save_token', profile: id, token: typed });
      if (err) return setText(formError, errorText(err));
      tokenStored = true;
    }
    const profile: Profile = {
      id,
      name: name.value.trim(),
      options: {
        url: withScheme(url.value),
        path: path.value.trim() || '/socket.io/',
        query: query.value(),
        auth: authCheck.kind === 'ok' ? authCheck.value : null,
        headers: headers.value(),
        transport: transport.value as Transport,
        server_version: version.value as ServerVersion,
        ca_file: ca.value.trim() || null,
        accept_invalid_certs: insecure.input.checked,
        // This server's own keyring entry; a token shared from another profile is kept.
        token_profile: tokenStored ? id : o?.token_profile && o.token_profile !== id ? o.token_profile : null,
        reconnect: reconnect.input.checked,
        protocol: chosenProtocol(protocol.value, o?.protocol, limitCheck.ok ? limitCheck.secs : null),
      },
    };
    // A certificate accepted for this server stays accepted.
    if (o?.trusted_cert_sha256) profile.options.trusted_cert_sha256 = o.trusted_cert_sha256;
    // Empty means the backend's default (25 MiB): the field is then left out.
    if (maxCheck.ok && maxCheck.bytes !== null) profile.options.max_file_bytes = maxCheck.bytes;
    const err = await app.send({ type: 'save_profile', profile });
    if (err) return setText(formError, errorText(err));
    if (!existing) app.store.apply({ type: 'ui/select', id });
    closeDialog(dialog);
  };

  const saveButton = el('button', { class: 'primary', testid: 'server-save', text: t('form.save'), attrs: { type: 'submit' } });
  const form = el(
    'form',
    { attrs: { novalidate: true }, on: { submit: (e) => (e.preventDefault(), void save()), input: clearFormError } },
    [
      el('h2', { text: t(existing ? 'form.title_edit' : 'form.title_add') }),
      el('div', { class: 'form-scroll' }, [
        fName.element,
        fUrl.element,
        fProtocol.element,
        fAnswerLimit.element,
        el('fieldset', { class: 'group' }, [
          el('legend', { text: t('form.section_connection') }),
          field(t('form.path'), path, t('form.path_hint')).element,
          field(t('form.transport'), transport).element,
          field(t('form.version'), version).element,
          query.element,
          headers.element,
          fAuth.element,
          reconnect.element,
          fMaxFile.element,
        ]),
        el('fieldset', { class: 'group' }, [
          el('legend', { text: t('form.section_security') }),
          token.element,
          field(t('form.ca_file'), ca, undefined, [browse]).element,
          insecure.element,
        ]),
      ]),
      formError,
      el('div', { class: 'dialog-buttons' }, [
        el('button', { text: t('form.cancel'), attrs: { type: 'button' }, on: { click: () => closeDialog(dialog) } }),
        saveButton,
      ]),
    ],
  );
  const dialog = openDialog('server-dialog', [form], token.dispose);
  dialog.dataset.testid = 'server-form';
  dialog.setAttribute('aria-label', t(existing ? 'form.title_edit' : 'form.title_add'));
  name.focus();
}
