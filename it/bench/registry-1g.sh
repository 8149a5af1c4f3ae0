#!/usr/bin/env bash
# Registry benchmark: ociconv against skopeo on the same ~1 GB image and the same local registry,
# in the same run. Wall time and peak RSS from /usr/bin/time -v. Not a test: its figures go into
# notes, e.g.  it/bench/registry-1g.sh          (SIZE_MB=1024 JOBS=3 by default)
#
# Needs: java 17, python3, skopeo, /usr/bin/docker-registry, /usr/bin/time. Leaves nothing behind.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
size_mb="${SIZE_MB:-1024}"
jobs="${JOBS:-3}"
work="$(mktemp -d "${BENCH_DIR:-/tmp}/ociconv-bench-XXXXXX")"
registry_pid=""

cleanup() {
  if [ -n "$registry_pid" ]; then kill "$registry_pid" 2>/dev/null || true; wait "$registry_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

for tool in skopeo /usr/bin/docker-registry /usr/bin/time python3 java; do
  command -v "$tool" >/dev/null || { echo "registry-1g: $tool is not installed" >&2; exit 1; }
done

# the CLI jar, built before anything is timed
"$root/ociconv" --version >/dev/null

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
cat > "$work/registry.yml" <<YML
version: 0.1
log:
  level: error
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $work/storage
http:
  addr: 127.0.0.1:$port
YML
/usr/bin/docker-registry serve "$work/registry.yml" >"$work/registry.log" 2>&1 &
registry_pid=$!
for _ in $(seq 100); do
  curl -fs "http://127.0.0.1:$port/v2/" >/dev/null 2>&1 && break
  sleep 0.1
done
reg="127.0.0.1:$port"

echo "generating a ${size_mb} MB docker save archive..." >&2
python3 "$here/make_image.py" "$work/image.tar" 8 $((size_mb * 1048576 / 8)) 1 bench/app:1 >&2

load="$(cut -d' ' -f1-3 /proc/loadavg)"
rows=()
measure() { # NAME COMMAND...
  local name="$1"; shift
  sync
  if ! /usr/bin/time -v -o "$work/time.txt" "$@" >"$work/out.txt" 2>&1; then
    echo "registry-1g: '$name' failed:" >&2; cat "$work/out.txt" >&2; exit 1
  fi
  local wall rss cpu
  wall="$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/time.txt")"
  rss="$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")"
  # CPU seconds (user + system): what the step costs when the machine is shared
  cpu="$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.1f", s}' "$work/time.txt")"
  rows+=("$(printf '%-40s %10s %10s %10d' "$name" "$wall" "$cpu" "$((rss / 1024))")")
}

oc=("$root/ociconv")
sk=(skopeo --insecure-policy)
measure "ociconv push (docker save -> registry)" "${oc[@]}" push --quiet --jobs "$jobs" "$work/image.tar" "$reg/bench/ociconv:1"
measure "skopeo push (docker save -> registry)"  "${sk[@]}" copy --quiet --dest-tls-verify=false "docker-archive:$work/image.tar" "docker://$reg/bench/skopeo:1"
# both pull the image skopeo pushed, so they read the same blobs
measure "ociconv pull -> docker-archive"         "${oc[@]}" pull --quiet --jobs "$jobs" "$reg/bench/skopeo:1" "$work/oc.tar"
measure "skopeo pull -> docker-archive"          "${sk[@]}" copy --quiet --src-tls-verify=false "docker://$reg/bench/skopeo:1" "docker-archive:$work/sk.tar:bench/skopeo:1"
measure "ociconv pull -> oci"                    "${oc[@]}" pull --quiet --jobs "$jobs" --to oci "$reg/bench/skopeo:1" "$work/oc-oci"
measure "skopeo pull -> oci"                     "${sk[@]}" copy --quiet --src-tls-verify=false "docker://$reg/bench/skopeo:1" "oci:$work/sk-oci:1"

echo
echo "image: $(du -m "$work/image.tar" | cut -f1) MB docker save, 8 layers; registry $reg (docker-registry $(/usr/bin/docker-registry --version 2>/dev/null | awk '{print $3}')); ociconv --jobs $jobs, JAVA_OPTS=${JAVA_OPTS:--Xmx256m -XX:+UseSerialGC}; $(skopeo --version); $(nproc) cores"
echo "load average before the run: $load"
printf '%-40s %10s %10s %10s\n' "step" "wall" "CPU s" "peak MiB"
printf '%s\n' "${rows[@]}"
