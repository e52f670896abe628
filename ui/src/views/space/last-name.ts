// The user name last used to join a room, remembered on this machine (localStorage), so
// the join form is filled in next time. Storage may be refused (private mode): then
// nothing is remembered and nothing breaks.
const KEY = 'switchboard.space.username';

export function lastName(): string {
  try {
    return localStorage.getItem(KEY) ?? '';
  } catch {
    return '';
  }
}

export function rememberName(name: string): void {
  try {
    localStorage.setItem(KEY, name);
  } catch {
    // not remembered; the form just starts empty next time
  }
}
