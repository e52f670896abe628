// The dorm activity icons side by side at 24, 48 and 96 px with their labels, to judge
// them in both themes: http://localhost:1420/dev/icons.html. Not part of the build.
import '../src/styles.css';
import { el } from '../src/dom';
import { ICON_KEYS, activityIcon, seatIcon } from '../src/views/dorm/icons';
import { activityLabel } from '../src/views/dorm/activity';
import { applyTheme } from '../src/settings/theme';

// The window's Theme setting (or the OS) picks light or dark here too.
applyTheme();

document.body.style.overflow = 'auto';
const rows = ICON_KEYS.map((key) => {
  const code = key === 'none' ? null : key;
  return el('tr', {}, [
    el('td', { class: 'muted', text: key }),
    el('td', {}, [activityIcon(code, 24)]),
    el('td', {}, [activityIcon(code, 48)]),
    el('td', {}, [activityIcon(code, 96)]),
    el('td', { text: activityLabel(code) }),
  ]);
});
document.body.append(
  el('table', { attrs: { style: 'border-spacing: 16px 6px; margin: 12px' } }, rows),
  el('p', { attrs: { style: 'margin: 12px 28px; display: flex; gap: 4px' } }, [seatIcon(true), seatIcon(true), seatIcon(false), seatIcon(false)]),
);
