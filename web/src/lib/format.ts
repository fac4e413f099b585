// Display helpers that combine several fields; single values use the helpers in i18n.svelte.ts.
import { money, t } from './i18n.svelte.ts';

export function budgetRange(min: number | null, max: number | null): string {
  if (min !== null && max !== null) return min === max ? money(min) : t('tasks.budgetRange', { min: money(min), max: money(max) });
  if (min !== null) return t('tasks.budgetFromOnly', { min: money(min) });
  if (max !== null) return t('tasks.budgetToOnly', { max: money(max) });
  return t('tasks.budgetNone');
}

export function trlRange(current: number | null, target: number): string {
  return current === null ? `TRL ${target}` : `TRL ${t('tasks.trlRange', { from: current, to: target })}`;
}

/** The first sentence-ish part of a long text, cut at a word boundary. */
export function excerpt(text: string, max = 220): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max - 30))}…`;
}
