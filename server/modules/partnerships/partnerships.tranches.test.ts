import { describe, expect, it } from 'vitest';
import type { Terms } from '../../../shared/schemas/terms.ts';
import { COFINANCING_SOURCES } from '../../../shared/schemas/proposals.ts';
import { planTranches } from './partnerships.tranches.ts';

const terms = (milestones: number[], cofinancing: Partial<Record<(typeof COFINANCING_SOURCES)[number], number>>) => ({
  milestones: milestones.map((amountKzt, index) => ({ title: `M${index}`, deliverable: '', dueDate: '2027-01-01', amountKzt })),
  cofinancing: Object.entries(cofinancing).map(([source, amountKzt]) => ({ source, amountKzt })),
}) as Pick<Terms, 'milestones' | 'cofinancing'>;

function expectExact(input: ReturnType<typeof terms>) {
  const tranches = planTranches(input);
  input.milestones.forEach((milestone, index) => {
    const row = tranches.filter((tranche) => tranche.milestoneIndex === index).reduce((total, tranche) => total + tranche.amountKzt, 0);
    expect(row).toBe(milestone.amountKzt);
  });
  for (const line of input.cofinancing) {
    const column = tranches.filter((tranche) => tranche.source === line.source).reduce((total, tranche) => total + tranche.amountKzt, 0);
    expect(column).toBe(line.amountKzt);
  }
  for (const tranche of tranches) expect(tranche.amountKzt).toBeGreaterThanOrEqual(0);
  return tranches;
}

describe('planning tranches by source', () => {
  it('splits evenly divisible amounts in proportion', () => {
    const tranches = expectExact(terms([60_000_000, 60_000_000], { enterprise: 72_000_000, state_program: 36_000_000, institute_inkind: 12_000_000 }));
    expect(tranches.find((tranche) => tranche.milestoneIndex === 0 && tranche.source === 'enterprise')?.amountKzt).toBe(36_000_000);
  });

  it('keeps every milestone and every source exact to the tenge when amounts do not divide', () => {
    expectExact(terms([1, 1, 1], { enterprise: 1, subsoil_fund: 1, state_program: 1 }));
    expectExact(terms([333_333_334, 333_333_333, 333_333_333], { enterprise: 500_000_001, state_program: 499_999_999 }));
    expectExact(terms([7, 0, 13, 1], { enterprise: 2, institute_inkind: 19 }));
  });

  it('holds for many random terms', () => {
    let seed = 42;
    const random = (max: number) => { seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31; return seed % max; };
    for (let run = 0; run < 500; run++) {
      const milestones = Array.from({ length: 1 + random(20) }, () => random(1_000_000));
      const total = milestones.reduce((a, b) => a + b, 0);
      const sources = COFINANCING_SOURCES.slice(0, 1 + random(4));
      const cofinancing: Record<string, number> = {};
      let left = total;
      sources.forEach((source, index) => {
        const amount = index === sources.length - 1 ? left : random(left + 1);
        cofinancing[source] = amount;
        left -= amount;
      });
      expectExact(terms(milestones, cofinancing));
    }
  });
});
