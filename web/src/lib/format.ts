// Display helpers that combine several fields; single values use the helpers in i18n.svelte.ts.
import type { TaskSearchQuery } from '$shared/schemas/search.ts';
import { REGION_NAMES, type Region } from '$shared/constants.ts';
import type { Notification } from '$shared/schemas/alerts.ts';
import { DECLINE_REASON_CODES, type DeclineReasonCode } from '$shared/schemas/proposals.ts';
import { areaName, date, languageName, money, regionName, t } from './i18n.svelte.ts';

export function budgetRange(min: number | null, max: number | null): string {
  if (min !== null && max !== null) return min === max ? money(min) : t('tasks.budgetRange', { min: money(min), max: money(max) });
  if (min !== null) return t('tasks.budgetFromOnly', { min: money(min) });
  if (max !== null) return t('tasks.budgetToOnly', { max: money(max) });
  return t('tasks.budgetNone');
}

export function trlRange(current: number | null, target: number | null): string {
  if (target === null) return t('common.notSpecified');
  return current === null ? `TRL ${target}` : `TRL ${t('tasks.trlRange', { from: current, to: target })}`;
}

/** The first sentence-ish part of a long text, cut at a word boundary. */
export function excerpt(text: string | null, max = 220): string {
  const flat = (text ?? '').replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max - 30))}…`;
}

/** The criteria of a task search in words, one chip each (saved searches, the save prompt). */
export function describeTaskQuery(query: Omit<TaskSearchQuery, 'page' | 'pageSize'>): string[] {
  const parts: string[] = [];
  if (query.q) parts.push(`«${query.q}»`);
  for (const area of query.priorityArea ?? []) parts.push(areaName(area));
  for (const region of query.region ?? []) parts.push(regionName(region));
  for (const band of query.budgetBand ?? []) parts.push(t(`search.budgetBand.${band}`));
  if (query.budgetFrom !== undefined || query.budgetTo !== undefined) {
    parts.push(budgetRange(query.budgetFrom ?? null, query.budgetTo ?? null));
  }
  if (query.trlFrom !== undefined || query.trlTo !== undefined) {
    parts.push(`TRL ${t('tasks.trlRange', { from: query.trlFrom ?? 1, to: query.trlTo ?? 9 })}`);
  }
  if (query.deadlineFrom || query.deadlineTo) {
    parts.push(t('search.facets.deadlineCustom', { from: query.deadlineFrom ? date(query.deadlineFrom) : '—', to: query.deadlineTo ? date(query.deadlineTo) : '—' }));
  }
  for (const lang of query.lang ?? []) parts.push(languageName(lang));
  if (query.organisationId) parts.push(t('search.oneOrganisation'));
  return parts;
}

/** A score in [0, 1] as a whole percentage. */
export const percent = (value: number) => Math.round(Math.max(0, Math.min(1, value)) * 100);

/** Why a notification was sent, in words. */
export function notificationReason(notification: Notification): string {
  const { reason } = notification.payload;
  if (reason.kind === 'saved_search') return t('notifications.reasonSavedSearch', { name: reason.name });
  if (reason.kind === 'proposal') {
    if (reason.event === 'submitted') return t('notifications.reasonProposalSubmitted', { title: reason.proposalTitle, organisation: notification.payload.organisationName });
    if (reason.event === 'overdue') return t('notifications.reasonProposalOverdue', { title: reason.proposalTitle });
    const code = reason.reasonCode as DeclineReasonCode | null;
    const why = code && (DECLINE_REASON_CODES as readonly string[]).includes(code) ? t(`proposals.reason.${code}`) : '—';
    return t('notifications.reasonProposalDeclined', { title: reason.proposalTitle, reason: reason.note ? `${why} (${reason.note})` : why });
  }
  if (reason.kind === 'negotiation') {
    const key = ({ message: 'reasonNegotiationMessage', offer: 'reasonNegotiationOffer', agreed: 'reasonNegotiationAgreed', ended: 'reasonNegotiationEnded' } as const)[reason.event];
    return t(`notifications.${key}`, { title: reason.proposalTitle, organisation: notification.payload.organisationName });
  }
  if (reason.kind === 'partnership') {
    const event = t(`partnerships.events.${reason.event}`);
    return reason.note ? `${event}: ${reason.note}` : event;
  }
  if (reason.kind === 'call') {
    const key = reason.outcome === 'funded' ? 'notifications.reasonCallFunded' : reason.outcome === 'negotiation' ? 'notifications.reasonCallNegotiation' : 'notifications.reasonCallNotFunded';
    return t(key, { title: reason.proposalTitle });
  }
  if (reason.kind === 'moderation') return t('notifications.reasonCallModeration', { title: reason.proposalTitle, note: reason.note });
  const base = t('notifications.reasonProfile', { percent: percent(reason.score) });
  return reason.concepts.length ? `${base} ${t('notifications.reasonConcepts', { concepts: reason.concepts.join(', ') })}` : base;
}

/** "5 min ago" style for recent moments, the date otherwise. */
export function timeAgo(iso: string, now = Date.now()): string {
  const minutes = Math.round((now - new Date(iso).getTime()) / 60_000);
  if (minutes < 1) return t('notifications.justNow');
  if (minutes < 60) return t('notifications.minutesAgo', { count: minutes });
  const hours = Math.round(minutes / 60);
  if (hours < 24) return t('notifications.hoursAgo', { count: hours });
  return date(iso);
}

const CITY_REGIONS = new Set<Region>(['astana', 'almaty', 'shymkent']);
const normalisePlace = (name: string) => name.toLowerCase().replace(/(^|\s)(г\.|город|қ\.|қаласы|city)(\s|$)/g, ' ').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

/**
 * The city worth showing next to the region, or null: a city of republican significance is its own
 * region ("г. Алматы · Алматы" said the same twice, and in two languages in the English interface),
 * and a city written as the region's name in any language adds nothing either.
 */
export function cityBesideRegion(region: Region | null | undefined, city: string | null | undefined): string | null {
  const name = city?.trim();
  if (!name) return null;
  if (region && CITY_REGIONS.has(region)) return null;
  if (region && Object.values(REGION_NAMES[region]).some((label) => normalisePlace(label) === normalisePlace(name))) return null;
  return name;
}
