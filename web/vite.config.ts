import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const webRoot = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig(async () => {
  // SvelteKit resolves svelte.config.js, src/ and the adapter output from process.cwd(), captured
  // when its Vite plugin module is first evaluated (sveltejs/kit#12499). `npm run build` runs
  // `vite build web` from the repository root, so move into web/ before importing the plugin.
  if (process.cwd() !== webRoot.replace(/\/$/, '')) process.chdir(webRoot);
  const { sveltekit } = await import('@sveltejs/kit/vite');
  const apiTarget = process.env.KOPIR_API_URL ?? 'http://127.0.0.1:3000';
  return {
    plugins: [await sveltekit()],
    // Kit's server runtime (used at build time to write the SPA fallback page) needs cookie@0.6,
    // but the repository root hoists cookie@2 for Fastify: bundle Kit's own copy instead.
    ssr: { noExternal: ['cookie'] },
    server: {
      port: 5173,
      fs: { allow: ['../shared'] },
      proxy: {
        '/api': { target: apiTarget, changeOrigin: false, ws: true },
        // The negotiation room's socket (GET /ws).
        '/ws': { target: apiTarget.replace(/^http/, 'ws'), ws: true },
      },
    },
  };
});
