import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';

/** OpenAPI generated from the route schemas; browsable at /api/docs, raw at /api/docs/json. */
export const openapiPlugin = fp(
  async (app) => {
    await app.register(swagger, {
      openapi: {
        info: { title: 'Kopir API', version: '0.1.0', description: 'Marketplace of technology tasks and research institutes.' },
        components: {
          securitySchemes: {
            bearerAuth: { type: 'http', scheme: 'bearer', description: 'API token (kpr_…) from `kopir token create` or /api/tokens' },
            cookieAuth: { type: 'apiKey', in: 'cookie', name: 'kopir_session' },
          },
        },
        security: [{ bearerAuth: [] }, { cookieAuth: [] }],
      },
    });
    await app.register(swaggerUi, { routePrefix: '/api/docs' });
  },
  { name: 'openapi' },
);
