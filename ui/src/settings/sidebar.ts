// Whether the sidebar is folded to a rail of icons: below FOLD_BELOW_PX of window width it
// folds by itself; the fold button overrides that, and the choice is kept (preferences.ts).
// Only a choice that differs from what the width would give is kept: fold a wide window,
// and it stays folded; unfold it again, and the width decides once more.
import type { SidebarChoice } from './preferences';

/** Narrower windows fold the sidebar unless the person opened it. */
export const FOLD_BELOW_PX = 900;

/** What the width alone would give. */
export const foldedByWidth = (width: number): boolean => width < FOLD_BELOW_PX;

export function sidebarFolded(choice: SidebarChoice, width: number): boolean {
  if (choice === 'auto') return foldedByWidth(width);
  return choice === 'folded';
}

/** The choice to keep when the person folds (or unfolds) a sidebar that is `folded` now. */
export function choiceAfterToggle(folded: boolean, width: number): SidebarChoice {
  const next = !folded;
  if (next === foldedByWidth(width)) return 'auto';
  return next ? 'folded' : 'open';
}
