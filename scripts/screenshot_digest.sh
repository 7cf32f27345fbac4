#!/usr/bin/env bash
# Build the seed day's digest with the rule extractor and take full-page screenshots of it and of one
# evidence view in headless Chromium, so a person can look at the pages as a reader does; then time
# the evidence view of a 200 KB article in Chromium (it must open in under 1 s).
# Needs Debian's chromium and chromium-driver (make test installs them) and selenium (dev extra).
#   scripts/screenshot_digest.sh [OUT_DIR]   -> OUT_DIR/digest.{json,md,html,png}, OUT_DIR/view.png
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-.cache/digest-seed}"
py="${PYTHON:-.venv/bin/python}"
briefing() { "$py" -c 'from service.cli import main; main()' "$@"; }  # this checkout's code
mkdir -p "$out"
rm -f "$out/briefings.db"
export BRIEFING_DATABASE_URL="sqlite:///$out/briefings.db"
briefing digest --date 2025-03-14 --input seeds/articles --out "$out" --extractor rules
view="$(ls "$out"/briefings/*.html | head -1)"
# a 200 KB article: the seed article repeated
"$py" - "$out/big.json" <<'PY'
import json, sys
text = open("seeds/articles/2025-03-14-odesa-port-danube-herald.json").read()
body = json.loads(text)["text"]
json.dump({"text": (body + "\n\n") * (200_000 // (len(body) + 2) + 1)}, open(sys.argv[1], "w"))
PY
briefing view "$out/big.json" --extractor rules --out "$out/big.html"
"$py" scripts/screenshot.py "$out/digest.html" "$out/digest.png" "$view" "$out/view.png" --item claims-1
"$py" scripts/screenshot.py "$out/big.html" "$out/big.png"
