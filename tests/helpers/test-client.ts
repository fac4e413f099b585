import type { App } from '../../server/app.ts';
import { completeBin } from '../../shared/bin.ts';
import type { SignUpBody } from '../../shared/schemas/auth.ts';

export interface TestResponse<T = any> {
  status: number;
  body: T;
  headers: Record<string, unknown>;
}

/** A browser-like client over app.inject: keeps cookies and sends the CSRF token on writes. */
export function createClient(app: App, options: { bearer?: string } = {}) {
  const cookies = new Map<string, string>();
  let csrfToken: string | null = null;

  async function request<T = any>(method: string, url: string, payload?: unknown, extraHeaders: Record<string, string> = {}): Promise<TestResponse<T>> {
    const headers: Record<string, string> = { ...extraHeaders };
    if (cookies.size) headers.cookie = [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    if (options.bearer) headers.authorization = `Bearer ${options.bearer}`;
    if (method !== 'GET' && csrfToken && !('x-csrf-token' in headers)) headers['x-csrf-token'] = csrfToken;
    const response = await app.inject({ method: method as 'GET', url, payload: payload as object, headers });
    for (const cookie of response.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      const expired = cookie.value === '' || cookie.maxAge === 0 || (cookie.expires && cookie.expires.getTime() < Date.now());
      if (expired) cookies.delete(cookie.name);
      else cookies.set(cookie.name, cookie.value);
    }
    const body = response.headers['content-type']?.toString().includes('json') ? response.json() : response.body;
    if (body && typeof body === 'object' && 'csrfToken' in body) csrfToken = (body as { csrfToken: string | null }).csrfToken;
    return { status: response.statusCode, body: body as T, headers: response.headers };
  }

  return {
    request,
    get: <T = any>(url: string) => request<T>('GET', url),
    post: <T = any>(url: string, payload?: unknown, headers?: Record<string, string>) => request<T>('POST', url, payload ?? {}, headers),
    patch: <T = any>(url: string, payload?: unknown) => request<T>('PATCH', url, payload ?? {}),
    put: <T = any>(url: string, payload?: unknown) => request<T>('PUT', url, payload ?? {}),
    delete: <T = any>(url: string) => request<T>('DELETE', url),
    /** Fetches the session (and with it a CSRF token), as the web app does on load. */
    session: () => request('GET', '/api/auth/session'),
    hasCookie: (name: string) => cookies.has(name),
  };
}
export type TestClient = ReturnType<typeof createClient>;

let sequence = 0;

export function uniqueBin(): string {
  for (;;) {
    const digits = String(Math.floor(Math.random() * 1e11)).padStart(11, '0');
    const bin = completeBin(digits);
    if (bin) return bin;
  }
}

export function signUpBody(kind: 'enterprise' | 'institute', overrides: Partial<SignUpBody> = {}): SignUpBody {
  sequence += 1;
  return {
    email: `${kind}-${sequence}-${Math.random().toString(36).slice(2, 8)}@example.kz`,
    password: 'correct horse battery',
    fullName: `Test ${kind} ${sequence}`,
    locale: 'ru',
    organisation: { kind, name: `${kind} org ${sequence}`, bin: uniqueBin(), region: 'karaganda' },
    ...overrides,
  };
}

/** Signs up a new person with a new organisation and returns the client acting as them. */
export async function signUp(app: App, kind: 'enterprise' | 'institute', overrides: Partial<SignUpBody> = {}) {
  const client = createClient(app);
  await client.session();
  const body = signUpBody(kind, overrides);
  const response = await client.post('/api/auth/sign-up', body);
  if (response.status !== 201) throw new Error(`sign-up failed: ${response.status} ${JSON.stringify(response.body)}`);
  return { client, session: response.body, credentials: { email: body.email, password: body.password } };
}

/** A client signed in as an existing person (created by a repo or a fixture, not by signUp). */
export async function signInClient(app: App, email: string, password: string): Promise<TestClient> {
  const client = createClient(app);
  await client.session();
  const response = await client.post('/api/auth/sign-in', { email, password });
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${JSON.stringify(response.body)}`);
  return client;
}

/** The `name=value` pairs a response sets, as a request's cookie header. */
export const cookiesOf = (response: Response) => response.headers.getSetCookie().map((cookie) => cookie.split(';')[0]).join('; ');

/** Signs in over real HTTP, as a browser does, and returns the cookie header it would send (e.g. with a WebSocket handshake). */
export async function signInForCookie(baseUrl: string, email: string, password: string): Promise<string> {
  const session = await fetch(`${baseUrl}/api/auth/session`);
  const { csrfToken } = (await session.json()) as { csrfToken: string };
  const response = await fetch(`${baseUrl}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: cookiesOf(session), 'x-csrf-token': csrfToken },
    body: JSON.stringify({ email, password }),
  });
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status}`);
  return cookiesOf(response);
}

export function publishableTaskBody(overrides: Record<string, unknown> = {}) {
  return {
    title: 'Refined selenium from copper electrolyte slimes',
    lang: 'en',
    problem:
      'Our copper refinery accumulates electrolyte slimes with 8-12 % selenium. Current roasting recovers only 82 % of it and emits SO2; we need a cleaner route to refined selenium of 99.9 %.',
    desiredOutcome: 'A pilot-tested flowsheet with mass balance and capex estimate.',
    priorityArea: 'metallurgy',
    region: 'karaganda',
    trlCurrent: 3,
    trlTarget: 6,
    budgetMinKzt: 80_000_000,
    budgetMaxKzt: 150_000_000,
    cofinancingPercent: 30,
    deadline: '2027-12-31',
    kpis: [{ metric: 'Se recovery', baseline: '82', target: '≥ 95', unit: '%' }],
    ...overrides,
  };
}

/** A task of the client's enterprise, published (the fields publishing needs, and `overrides`); answers its id. */
export async function createPublishedTask(client: TestClient, overrides: Record<string, unknown> = {}): Promise<string> {
  const created = await client.post('/api/tasks', publishableTaskBody(overrides));
  if (created.status !== 201) throw new Error(`task creation failed: ${created.status} ${JSON.stringify(created.body)}`);
  const published = await client.post(`/api/tasks/${created.body.id}/status`, { status: 'published' });
  if (published.status !== 200) throw new Error(`publishing failed: ${published.status} ${JSON.stringify(published.body)}`);
  return created.body.id;
}

/**
 * Invites an address to an organisation and returns the token from the mailed link. The mailer is
 * the app's own (log mailer without SMTP_URL); the spy only reads what it was asked to send.
 */
export async function inviteByEmail(app: App, inviter: TestClient, organisationId: string, email: string, role: 'owner' | 'member' = 'member') {
  const { vi } = await import('vitest');
  const send = vi.spyOn(app.mailer, 'send');
  try {
    const response = await inviter.post(`/api/organisations/${organisationId}/invitations`, { email, role });
    if (response.status !== 201) throw new Error(`invitation failed: ${response.status} ${JSON.stringify(response.body)}`);
    const mail = send.mock.calls.at(-1)?.[0];
    const token = mail?.text.match(/\/invitations\/([A-Za-z0-9_-]+)/)?.[1];
    if (!mail || !token) throw new Error('no invitation e-mail was sent');
    return { invitation: response.body, token, mail };
  } finally {
    send.mockRestore();
  }
}

/** Accepts an invitation as a person without an account; returns the signed-in client. */
export async function acceptAsNewcomer(app: App, token: string, fullName = 'Invited Person', password = 'correct horse battery') {
  const client = createClient(app);
  await client.session();
  const response = await client.post(`/api/invitations/${token}/accept`, { fullName, password });
  if (response.status !== 201) throw new Error(`accepting failed: ${response.status} ${JSON.stringify(response.body)}`);
  return { client, session: response.body, credentials: { password } };
}

/** A proposal whose sums add up: milestones 60 + 60 M = total 120 M = co-financing 72 + 36 + 12 M. */
export function proposalBody(overrides: Record<string, unknown> = {}) {
  return {
    title: 'Hydrometallurgical selenium recovery from slimes',
    summary: 'Soda leaching and selective reduction instead of roasting; no SO2.',
    approach: 'Lab tests on plant slimes, then a 50 kg/day pilot at the refinery with mass balance.',
    team: [{ name: 'A. Seitkali', role: 'Principal investigator', qualification: 'PhD, hydrometallurgy, 20 years' }],
    milestones: [
      { title: 'Laboratory flowsheet', deliverable: 'Report with mass balance', dueDate: '2027-06-30', amountKzt: 60_000_000 },
      { title: 'Pilot campaign', deliverable: 'Pilot report and capex estimate', dueDate: '2027-12-31', amountKzt: 60_000_000 },
    ],
    totalBudgetKzt: 120_000_000,
    cofinancing: [
      { source: 'enterprise', amountKzt: 72_000_000 },
      { source: 'state_program', amountKzt: 36_000_000 },
      { source: 'institute_inkind', amountKzt: 12_000_000 },
    ],
    trlStart: 3,
    trlEnd: 6,
    ...overrides,
  };
}

/** A multipart/form-data body with one file as a browser sends it, after the text `fields` (in their order). */
export function multipartFile(fileName: string, content: Buffer, field = 'file', fields: Record<string, string> = {}) {
  const boundary = `----kopir${Math.random().toString(36).slice(2)}`;
  const texts = Object.entries(fields).map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`).join('');
  const head = `${texts}--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${fileName}"\r\nContent-Type: application/pdf\r\n\r\n`;
  return {
    payload: Buffer.concat([Buffer.from(head), content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/** The smallest file that starts like a PDF, padded to `size` bytes. */
export function pdfBytes(size = 1024) {
  const head = Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n');
  return Buffer.concat([head, Buffer.alloc(Math.max(0, size - head.length), 0x20)]);
}
