// Starts Swagger UI on #swagger-ui for TechStore's OpenAPI description.
// Loaded as a file (never inline) so the page keeps a strict Content-Security-Policy.
(function () {
  "use strict";

  function start() {
    var container = document.getElementById("swagger-ui");
    if (!container || typeof window.SwaggerUIBundle !== "function") {
      return;
    }
    window.ui = window.SwaggerUIBundle({
      url: container.getAttribute("data-openapi-url") || "/api/v1/openapi.json",
      dom_id: "#swagger-ui",
      presets: [window.SwaggerUIBundle.presets.apis],
      layout: "BaseLayout",
      deepLinking: true,
      // Never call out to the internet: no online validator badge, and no
      // loading another spec from a ?url= / ?configUrl= query parameter.
      validatorUrl: null,
      queryConfigEnabled: false,
      tryItOutEnabled: false,
      displayRequestDuration: true,
      docExpansion: "list",
      defaultModelsExpandDepth: 1
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
