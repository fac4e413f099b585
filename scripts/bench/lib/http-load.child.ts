// The HTTP load generator process (see startHttpLoadClient): keep-alive node:http Agent, one
// scenario per IPC message, answers with the LoadResult. Exits when the parent disconnects.
import http from 'node:http';
import { runClosedLoop, type HttpLoadSpec } from './load-runner.ts';

function get(agent: http.Agent, url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        if (res.statusCode !== 200) return reject(new Error(`HTTP ${res.statusCode} for ${url}: ${body.toString('utf8').slice(0, 200)}`));
        // A real client reads the answer: parse it, as the direct Meilisearch client does.
        JSON.parse(body.toString('utf8'));
        resolve(body.byteLength);
      });
    });
    req.on('error', reject);
    req.end();
  });
}

process.on('message', async (spec: HttpLoadSpec) => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: spec.concurrency });
  const headers = { accept: 'application/json', ...spec.headers };
  const send = (i: number) => get(agent, spec.baseUrl + spec.paths[i % spec.paths.length], headers);
  try {
    await runClosedLoop(spec.warmup, spec.concurrency, send);
    process.send!(await runClosedLoop(spec.requests, spec.concurrency, send));
  } catch (error) {
    process.send!({ latencies: [], durationMs: 0, errors: spec.requests, firstError: (error as Error).message });
  } finally {
    agent.destroy();
  }
});
process.on('disconnect', () => process.exit(0));
