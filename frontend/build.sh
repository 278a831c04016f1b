#!/usr/bin/env bash
# Build the portal's static front-end assets into ../static/ .
# Usage (from anywhere): bash frontend/build.sh
set -euo pipefail

FRONTEND_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
STATIC_DIR="$(cd "$FRONTEND_DIR/.." && pwd)/static"
GOVUK_DIST="node_modules/govuk-frontend/dist/govuk"
# plotly.js basic bundle (bar, line/scatter, pie). Its version must equal the plotly.js bundled
# by the Python plotly package: .venv/bin/python -c "import plotly.offline as o; print(o.get_plotlyjs_version())"
PLOTLY_DIST="node_modules/plotly.js-basic-dist-min/plotly-basic.min.js"

cd "$FRONTEND_DIR"

if [ ! -d node_modules ]; then
  echo "==> npm ci"
  npm ci --no-audit --no-fund
fi

mkdir -p "$STATIC_DIR/css" "$STATIC_DIR/js" "$STATIC_DIR/govuk"

echo "==> Compiling scss/portal.scss"
npx --no-install sass --pkg-importer=node --style=compressed --no-source-map \
  scss/portal.scss "$STATIC_DIR/css/portal.css"

echo "==> Copying GOV.UK Frontend JavaScript"
cp "$GOVUK_DIST/govuk-frontend.min.js" "$STATIC_DIR/js/govuk-frontend.min.js"

echo "==> Copying plotly.js (basic bundle) for charts"
cp "$PLOTLY_DIST" "$STATIC_DIR/js/plotly-basic.min.js"

echo "==> Copying GOV.UK Frontend assets (no fonts: the portal uses Arial)"
rm -rf "$STATIC_DIR/govuk/assets"
mkdir -p "$STATIC_DIR/govuk/assets"
for item in "$GOVUK_DIST/assets/"*; do
  name="$(basename "$item")"
  if [ "$name" = "fonts" ]; then
    continue
  fi
  cp -R "$item" "$STATIC_DIR/govuk/assets/"
done

echo "==> Output sizes"
cd "$STATIC_DIR"
du -b css/portal.css js/govuk-frontend.min.js js/plotly-basic.min.js
find govuk/assets -type f -print0 | sort -z | xargs -0 du -b
du -sh --apparent-size css js govuk
