#!/usr/bin/env bash
# Renders a batch report in headless Chromium (Debian's `chromium` package: apt-get install chromium) and saves a
# screenshot, to check the page as a reader sees it.
#   docs/screenshot-report.sh out/batch-compare-settings/index.html docs/batch-report.png
set -euo pipefail
page="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
shot="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --hide-scrollbars --user-data-dir="$profile" \
  --window-size=1400,2200 --screenshot="$shot" "file://$page" 2>/dev/null
test -s "$shot"
echo "screenshot of $page in $shot ($(stat -c %s "$shot") bytes)"
