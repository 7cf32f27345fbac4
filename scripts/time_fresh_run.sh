#!/usr/bin/env bash
# Time a new user's first `make run`: clone BRANCH of REPO into a fresh folder, run `make run` in
# the background, poll /readyz once a second until it answers 200, print the seconds from the
# clone; then brief the seed article once (OUT/seed.json), stop the service and its children.
# The model's converted-weights cache starts empty (BRIEFING_CACHE_DIR under OUT); pip's own
# caches are whatever this machine has (say so next to the figure).
#   scripts/time_fresh_run.sh [REPO] [BRANCH] [PORT] [OUT]
set -u
repo="${1:-$(git rev-parse --show-toplevel)}"; branch="${2:-$(git rev-parse --abbrev-ref HEAD)}"
port="${3:-8016}"; out="${4:-/tmp/fresh-run}"
rm -rf "$out"; mkdir -p "$out"
start=$(date +%s.%N)
elapsed() { echo "$(date +%s.%N) - $start" | bc; }
git clone -q --branch "$branch" "$repo" "$out/clone"
cd "$out/clone"
setsid env BRIEFING_CACHE_DIR="$out/model-cache" make run PORT="$port" > "$out/make-run.log" 2>&1 &
group=$!
answered=""
for _ in $(seq 1 1800); do
  code=$(curl -s -o "$out/readyz.json" -w '%{http_code}' "127.0.0.1:$port/readyz")
  if [ "$code" != "000" ] && [ -z "$answered" ]; then answered=1; echo "first answer: readyz $code at $(elapsed) s"; fi
  if [ "$code" = "200" ]; then echo "ready: readyz 200 at $(elapsed) s $(cat "$out/readyz.json")"; break; fi
  sleep 1
done
curl -s -XPOST "127.0.0.1:$port/v1/briefings" -H 'content-type: text/plain' \
  --data-binary @seeds/articles/000_6f182895f3914391.txt > "$out/seed.json"
echo "seed briefing: $out/seed.json"
kill -TERM -- "-$group"; sleep 5; kill -KILL -- "-$group" 2>/dev/null; true
