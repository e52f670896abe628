// My files for the room in view that have not reached its chat: being read (with Cancel
// and, when it takes a moment, progress), or cancelled or failed before they were sent
// (with the reason, Retry and Dismiss). Once the backend hands a file to the room it
// becomes a chat entry and leaves this list.
import type { App } from '../../app';
import type { FileInfo } from '../../bindings/FileInfo';
import { el } from '../../dom';
import { t } from '../../i18n';
import { isOnItsWay } from '../../state/files';
import { fileCard, type FileCard } from '../files/file-card';
import type { Part, SpaceCtx } from './context';

/** The files on their way to `room` of connection `id`, oldest first. */
export function filesOnTheirWay(c: SpaceCtx): FileInfo[] {
  const room = c.room;
  if (!room) return [];
  return Object.values(c.files.byId).filter(
    (f) => f.conn === c.id && f.target === room.name && isOnItsWay(f) && !(f.file_id in room.files) && !(f.file_id in c.files.dismissed),
  );
}

export function outbox(app: App): Part {
  const cards = new Map<string, FileCard>();
  const list = el('ul', { class: 'space-outbox-list', attrs: { 'aria-label': t('space.outbox') } });
  const element = el('section', { class: 'space-outbox', testid: 'space-outbox', attrs: { 'aria-label': t('space.outbox') } }, [list]);

  return {
    element,
    update(c) {
      const files = filesOnTheirWay(c);
      const ids = new Set(files.map((f) => f.file_id));
      for (const [id, card] of cards) {
        if (ids.has(id)) continue;
        card.dispose();
        card.element.parentElement?.remove();
        cards.delete(id);
      }
      files.forEach((f, i) => {
        let card = cards.get(f.file_id);
        if (!card) {
          const fileId = f.file_id;
          card = fileCard(app, fileId, { dismiss: true, onDismiss: () => app.store.apply({ type: 'ui/file_dismiss', file_id: fileId }) });
          cards.set(fileId, card);
        }
        const item = card.element.parentElement ?? el('li', { class: 'space-outbox-item' }, [card.element]);
        if (list.children[i] !== item) list.insertBefore(item, list.children[i] ?? null);
        card.update(f, c.files.previews[f.file_id], c.now);
      });
      element.hidden = files.length === 0;
    },
  };
}
