import { describe, expect, it } from 'vitest';
import { createMatchExplainer } from './matching.explain.ts';

const TASK = 'Котлы забиваются накипью. Нужна очистка шахтных вод от сульфатов и меди для оборотного водоснабжения.';
const INSTITUTE = [
  'Laboratory of water chemistry',
  'We develop reverse osmosis and ion exchange treatment of mine water and acid mine drainage, removing copper, zinc and sulphates.',
  'Antiscalant dosing for boilers and cooling towers is our second line of work, tested at two power plants.',
  'Short line.',
].join('\n');

const highlighted = (passage: { text: string; highlights: Array<{ start: number; end: number }> }) =>
  passage.highlights.map(({ start, end }) => passage.text.slice(start, end));

describe('createMatchExplainer', () => {
  it('names the concepts both texts share in the viewer\'s language, task terms first', () => {
    const { sharedConcepts } = createMatchExplainer(TASK, 'task', 'en').explain(INSTITUTE);
    const mineWater = sharedConcepts.find((concept) => concept.id === 'water.mine-water');
    expect(mineWater).toMatchObject({ label: 'Mine water treatment', termsInTask: ['очистка шахтных вод'], termsInInstitute: ['mine water'] });
    expect(sharedConcepts.find((concept) => concept.id === 'water.scale-inhibition')?.termsInInstitute).toEqual(['antiscalant']);
  });

  it('keeps the task and institute sides apart whichever text is the query', () => {
    const fromTask = createMatchExplainer(TASK, 'task', 'ru').explain(INSTITUTE).sharedConcepts;
    const fromInstitute = createMatchExplainer(INSTITUTE, 'institute', 'ru').explain(TASK).sharedConcepts;
    expect(fromInstitute).toEqual(fromTask);
    expect(fromInstitute[0].label).toMatch(/[а-я]/);
  });

  it('picks the passages that share the most and highlights exactly the shared terms', () => {
    const { passages } = createMatchExplainer(TASK, 'task', 'en').explain(INSTITUTE);
    expect(passages).toHaveLength(2);
    expect(passages[0].text).toMatch(/^We develop reverse osmosis/);
    expect(highlighted(passages[0])).toEqual(expect.arrayContaining(['mine water', 'acid mine drainage', 'copper']));
    expect(highlighted(passages[1])).toContain('Antiscalant');
    // A title line without a sentence's worth of words is not evidence.
    expect(passages.map((passage) => passage.text)).not.toContain('Laboratory of water chemistry');
  });

  it('cuts long passages and drops highlights beyond the cut', () => {
    const long = `Mine water treatment ${'with careful monitoring of every stage '.repeat(12)}and copper recovery at the end.`;
    const [passage] = createMatchExplainer(TASK, 'task', 'en').explain(long).passages;
    expect(passage.text.length).toBe(320);
    expect(passage.text.endsWith('…')).toBe(true);
    expect(highlighted(passage)).toEqual(['Mine water treatment']);
  });

  it('lists the query text\'s concepts once, for the signals', () => {
    const explainer = createMatchExplainer(TASK, 'task', 'en');
    expect(explainer.queryConceptIds).toEqual(expect.arrayContaining(['water.scale-inhibition', 'water.mine-water', 'metal.copper-metallurgy']));
    expect(new Set(explainer.queryConceptIds).size).toBe(explainer.queryConceptIds.length);
  });
});
