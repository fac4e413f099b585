import fp from 'fastify-plugin';
import fastifyStatic from '@fastify/static';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Serves the built web app (a SvelteKit SPA) and falls back to its index.html for client-side
 * routes; anything under /api that matched no route stays a JSON 404.
 */
export const webPlugin = fp<{ webDir: string }>(
  async (app, { webDir }) => {
    const built = fs.existsSync(path.join(webDir, 'index.html'));
    if (built) {
      await app.register(fastifyStatic, {
        root: webDir,
        // Wildcard: files of a rebuilt web app are served without a restart; misses fall through below.
        wildcard: true,
        index: 'index.html',
        setHeaders: (response, filePath) => {
          // Hashed bundles never change; everything else must be revalidated after a deploy.
          const immutable = filePath.includes(`${path.sep}_app${path.sep}immutable${path.sep}`);
          response.setHeader('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
        },
      });
    } else {
      app.log.warn({ webDir }, 'web app is not built: run `npm run build` (the API still works)');
    }

    app.setNotFoundHandler((request, reply) => {
      const isPage = request.method === 'GET' && !request.url.startsWith('/api/') && request.url !== '/api';
      if (isPage && built) return reply.type('text/html').header('cache-control', 'no-cache').sendFile('index.html');
      return reply.status(404).send({ error: { code: 'not_found', message: `No such endpoint: ${request.method} ${request.url.split('?')[0]}` } });
    });
  },
  { name: 'web' },
);
