#!/usr/bin/env bash
# Starts a private Docker engine for the tests: its own data, exec root and socket under one temp
# directory, no bridge, no NAT, no iptables rules, so no container traffic can reach any network
# (containers run with --network host and bind 127.0.0.1). Prints the DOCKER_HOST to use.
#
#   eval "$(it/docker/start.sh)"     # exports DOCKER_HOST and OCICONV_DOCKERD_DIR
#   ...                              # docker, the tests
#   it/docker/stop.sh                # stops it (by its pid) and removes the directory
#
# Fails (exit 1, one line on stderr) when dockerd is missing or does not answer within 60 s.
set -euo pipefail

if ! command -v dockerd >/dev/null 2>&1; then
  echo "it/docker/start.sh: dockerd is not installed (apt-get install docker.io)" >&2
  exit 1
fi
dir="$(mktemp -d /tmp/ociconv-dockerd.XXXXXX)"
sock="unix://$dir/docker.sock"
# containerd is started by dockerd itself, under the exec root.
dockerd --data-root "$dir/root" --exec-root "$dir/exec" --host "$sock" --pidfile "$dir/docker.pid" \
  --iptables=false --ip6tables=false --ip-masq=false --bridge=none --userland-proxy=false \
  >"$dir/dockerd.log" 2>&1 &
for _ in $(seq 1 120); do
  if DOCKER_HOST="$sock" docker info >/dev/null 2>&1; then
    echo "export DOCKER_HOST=$sock"
    echo "export OCICONV_DOCKERD_DIR=$dir"
    exit 0
  fi
  if ! kill -0 $! 2>/dev/null; then
    break
  fi
  sleep 0.5
done
echo "it/docker/start.sh: dockerd did not start; its log ($dir/dockerd.log) ends:" >&2
tail -5 "$dir/dockerd.log" >&2 || true
kill "$!" 2>/dev/null || true
exit 1
