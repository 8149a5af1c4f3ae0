#!/usr/bin/env bash
# Stops the engine it/docker/start.sh started (by its pid file) and removes its directory.
#   it/docker/stop.sh [DIR]     (default: $OCICONV_DOCKERD_DIR)
set -uo pipefail
dir="${1:-${OCICONV_DOCKERD_DIR:-}}"
case "$dir" in
  /tmp/ociconv-dockerd.*) ;;
  *) echo "it/docker/stop.sh: not a directory of it/docker/start.sh: '$dir'" >&2; exit 1 ;;
esac
if [ -f "$dir/docker.pid" ]; then
  pid="$(cat "$dir/docker.pid")"
  kill "$pid" 2>/dev/null
  for _ in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  kill -9 "$pid" 2>/dev/null || true
fi
# containers' mounts under the data root are gone with the daemon; anything left is unmounted first
grep " $dir/" /proc/mounts | awk '{print $2}' | sort -r | while read -r m; do umount -l "$m" 2>/dev/null || true; done
rm -rf "$dir"
