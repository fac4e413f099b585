// Runs the real `kopir serve` as a child process, and talks to it over real HTTP with a cookie jar.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { signUpBody } from './test-client.ts';

const BIN = path.resolve('bin/kopir.js');

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** Everything the server printed, for failure messages and log assertions. */
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Starts `kopir serve` and resolves once /api/health answers; rejects with its output if it exits first. */
export async function startServer(env: NodeJS.ProcessEnv, port: number, timeoutMs = 150_000, nodeArgs: string[] = []): Promise<ServerProcess> {
  const child = spawn(process.execPath, [...nodeArgs, BIN, 'serve'], { env: { ...env, PORT: String(port), HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  let hasExited = false;
  void exited.then(() => (hasExited = true));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (hasExited) throw new Error(`kopir serve exited before it was ready:\n${output}`);
    const up = await fetch(`${url}/api/health`).then((r) => r.status < 500, () => false);
    if (up) return { child, url, output: () => output, exited };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`kopir serve did not answer within ${timeoutMs} ms:\n${output}`);
}

export async function stopServer(server: ServerProcess | undefined, signal: NodeJS.Signals = 'SIGTERM') {
  if (!server || server.child.exitCode !== null || server.child.signalCode !== null) return;
  server.child.kill(signal);
  await server.exited;
}

/** A person in a browser: keeps cookies and sends the CSRF token on writes. */
export function createHttpClient(baseUrl: string) {
  const cookies = new Map<string, string>();
  let csrfToken: string | null = null;
  async function request(method: string, url: string, body?: unknown) {
    const headers: Record<string, string> = {};
    if (cookies.size) headers.cookie = [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
    const response = await fetch(`${baseUrl}${url}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, value] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
      if (value) cookies.set(name, value);
      else cookies.delete(name);
    }
    const json = response.headers.get('content-type')?.includes('json') ? await response.json() : await response.text();
    if (json && typeof json === 'object' && 'csrfToken' in json) csrfToken = (json as { csrfToken: string | null }).csrfToken;
    return { status: response.status, body: json as any };
  }
  return {
    request,
    get: (url: string) => request('GET', url),
    post: (url: string, body: unknown = {}) => request('POST', url, body),
    /** The session's cookies, for a socket or for the same person on another server process. */
    cookieHeader: () => [...cookies].map(([name, value]) => `${name}=${value}`).join('; '),
    async adoptSession(other: { cookieHeader(): string }) {
      for (const pair of other.cookieHeader().split('; ')) cookies.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
      await request('GET', '/api/auth/session');
    },
    async signUp(kind: 'enterprise' | 'institute') {
      await request('GET', '/api/auth/session');
      const body = signUpBody(kind);
      const response = await request('POST', '/api/auth/sign-up', body);
      if (response.status !== 201) throw new Error(`sign-up failed: ${response.status} ${JSON.stringify(response.body)}`);
      return { email: body.email, password: body.password };
    },
    async signIn(credentials: { email: string; password: string }) {
      await request('GET', '/api/auth/session');
      return request('POST', '/api/auth/sign-in', credentials);
    },
  };
}
