#!/bin/sh
# Copy the third-party browser assets TechStore serves from its own static
# folder (no CDN at run time). Run after `npm ci`; commit the results.
set -eu

cd "$(dirname "$0")/.."

modules=node_modules
static=src/techstore/entrypoints/web/static/vendor

for f in "$modules/htmx.org/dist/htmx.min.js" \
         "$modules/swagger-ui-dist/swagger-ui-bundle.js" \
         "$modules/swagger-ui-dist/swagger-ui.css"; do
    if [ ! -f "$f" ]; then
        echo "vendor-assets: missing $f (run 'npm ci' first)" >&2
        exit 1
    fi
done

mkdir -p "$static/swagger-ui"
cp "$modules/htmx.org/dist/htmx.min.js" "$static/htmx.min.js"
cp "$modules/swagger-ui-dist/swagger-ui-bundle.js" "$static/swagger-ui/swagger-ui-bundle.js"
cp "$modules/swagger-ui-dist/swagger-ui.css" "$static/swagger-ui/swagger-ui.css"

echo "vendor-assets: htmx $(node -p "require('./$modules/htmx.org/package.json').version"), swagger-ui-dist $(node -p "require('./$modules/swagger-ui-dist/package.json').version")"
