/** Where the Swagger UI files from the `swagger-ui-dist` package are served. */
export const SWAGGER_ASSETS_PATH = '/docs/assets';

/**
 * The page is written here and its scripts are the package's own files served by this api: the
 * usual CDN-hosted page renders blank without internet access (ENVIRONMENT.md). No inline
 * script, so a strict Content-Security-Policy can allow 'self' only.
 */
export const SWAGGER_HTML = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>invoice-extractor API</title>
    <link rel="stylesheet" href="${SWAGGER_ASSETS_PATH}/swagger-ui.css" />
    <link rel="icon" type="image/png" href="${SWAGGER_ASSETS_PATH}/favicon-32x32.png" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="${SWAGGER_ASSETS_PATH}/swagger-ui-bundle.js"></script>
    <script src="${SWAGGER_ASSETS_PATH}/swagger-ui-standalone-preset.js"></script>
    <script src="${SWAGGER_ASSETS_PATH}/swagger-init.js"></script>
  </body>
</html>
`;

export const SWAGGER_INIT_JS = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    persistAuthorization: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: 'StandaloneLayout',
  });
});
`;
