#!/usr/bin/env bash
# Build the digest of the seed day with the rule extractor and screenshot its HTML in headless
# Chromium (Debian: apt-get install chromium), so a person can look at the page as a reader does.
#   scripts/screenshot_digest.sh [OUT_DIR]   -> OUT_DIR/digest.{json,md,html,png}
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-.cache/digest-seed}"
mkdir -p "$out"
BRIEFING_DATABASE_URL="sqlite:///$out/briefings.db" .venv/bin/briefing digest \
  --date 2025-03-14 --input seeds/articles --out "$out" --extractor rules
profile="$(mktemp -d)"
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$profile" --window-size=1280,2400 \
  --screenshot="$out/digest.png" "file://$(realpath "$out")/digest.html" 2>/dev/null
rm -rf "$profile"
echo "screenshot: $out/digest.png"
