#!/usr/bin/env bash
# Shows `./pinn demo --live` on a virtual display and photographs the screen while the network is training.
# Needs Debian's xvfb and imagemagick (apt-get install xvfb imagemagick); build first (./pinn list).
#   docs/live-window-screenshot.sh docs/live-window.png 5
set -euo pipefail
shot="${1:-docs/live-window.png}"
after="${2:-5}"
display=:77
Xvfb "$display" -screen 0 1800x660x24 >/dev/null 2>&1 &
xvfb=$!
trap 'kill "$xvfb" 2>/dev/null || true' EXIT
sleep 1
DISPLAY="$display" ./pinn demo --live --close-after 2 --out out/live >/dev/null 2>&1 &
demo=$!
sleep "$after"
DISPLAY="$display" import -window root "$shot"
wait "$demo"
echo "screenshot of the live window after ${after} s in $shot ($(stat -c %s "$shot") bytes)"
