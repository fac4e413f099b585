import { describe, expect, it } from 'vitest';
import { evaluateSignals } from './matching.signals.ts';
import { isIndexableTask } from '../search/search.documents.ts';
import type { TaskRow } from '../tasks/tasks.table.ts';

const weights = { text: 0.6, priorityArea: 0.15, region: 0.05, trl: 0.1, trackRecord: 0.1 };
const institute = { instituteAreas: ['metallurgy'], instituteConceptAreas: new Set<string>(), instituteRegion: 'karaganda', trlMin: 3, trlMax: 6, industryProjectCount: 2 };

describe('match signals for a draft', () => {
  it('a draft without area, region or target TRL is ranked on its text and says what the task still lacks', () => {
    const signals = evaluateSignals({ textScore: 0.8, taskArea: null, taskRegion: null, trlTarget: null, ...institute }, weights, 'en');
    const bySignal = Object.fromEntries(signals.map((signal) => [signal.signal, signal]));
    expect(bySignal.text!.value).toBe(0.8);
    expect(bySignal.priorityArea).toMatchObject({ value: 0, note: 'The task has no priority area yet' });
    expect(bySignal.region).toMatchObject({ value: 0, note: 'The task has no region yet' });
    expect(bySignal.trl).toMatchObject({ value: 0.5, note: 'The task has no target TRL yet' });
    expect(signals.every((signal) => Number.isFinite(signal.contribution))).toBe(true);
  });

  it('only published tasks with every required field reach the search index', () => {
    const published = { status: 'published', title: 'T', problem: 'P', priorityArea: 'metallurgy', region: 'karaganda', trlTarget: 6 } as TaskRow;
    expect(isIndexableTask(published)).toBe(true);
    expect(isIndexableTask({ ...published, status: 'draft' })).toBe(false);
    expect(isIndexableTask({ ...published, region: null })).toBe(false);
  });
});
