// Repeating rows of a form (team, milestones, KPIs): adding and removing one keeps the keyboard focus
// somewhere sensible, and a list never goes empty, so there is always a row to type in.
import { tick } from 'svelte';

/** Appends a new row and, once it is on the page, focuses its first field. */
export function addRow<T>(rows: T[], newRow: () => T, firstFieldId: (index: number) => string): void {
  rows.push(newRow());
  const index = rows.length - 1;
  tick().then(() => document.getElementById(firstFieldId(index))?.focus());
}

/** Removes a row (leaving one empty row if it was the last) and focuses the add button. */
export function removeRow<T>(rows: T[], index: number, newRow: () => T, addButtonId: string): void {
  rows.splice(index, 1);
  if (rows.length === 0) rows.push(newRow());
  tick().then(() => document.getElementById(addButtonId)?.focus());
}
