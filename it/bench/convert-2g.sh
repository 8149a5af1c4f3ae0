#!/usr/bin/env bash
# Measures converting a ~2 GB generated `docker save` to an OCI layout: ociconv (default heap and
# -Xmx64m) next to `skopeo copy docker-archive:… oci:…`, alternately, 3 rounds. Prints wall time
# and max RSS (from /usr/bin/time -v) per run. Not a test: run by hand, e.g.
#   it/bench/convert-2g.sh            # ~2 GB, work files in /tmp/ociconv-bench
#   BENCH_BYTES=200000000 it/bench/convert-2g.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="${BENCH_DIR:-/tmp/ociconv-bench}"
bytes="${BENCH_BYTES:-2000000000}"
rounds="${BENCH_ROUNDS:-3}"
mkdir -p "$work"
archive="$work/random-2g.tar"
[ -f "$archive" ] || python3 "$here/make_image.py" "$archive" 3 $((bytes / 3))
"$root/ociconv" --version >/dev/null # builds the jar once, outside the timings

measure() { # label, command...
  local label="$1"; shift
  rm -rf "$work/out-oci" "$work/out-sk"
  local log="$work/time.log"
  /usr/bin/time -v "$@" >/dev/null 2>"$log" || { echo "$label: FAILED"; tail -5 "$log"; return 1; }
  local wall rss
  wall=$(grep 'Elapsed (wall clock)' "$log" | awk '{print $NF}')
  rss=$(grep 'Maximum resident set size' "$log" | awk '{print $NF}')
  printf '%-28s wall %-9s maxRSS %7d MiB\n' "$label" "$wall" $((rss / 1024))
}

echo "archive: $archive ($(stat -c %s "$archive") bytes); $(nproc) cores; $(skopeo --version)"
for r in $(seq 1 "$rounds"); do
  measure "round $r ociconv" "$root/ociconv" convert "$archive" "$work/out-oci"
  measure "round $r skopeo" skopeo --insecure-policy copy --quiet "docker-archive:$archive" "oci:$work/out-sk:x"
  JAVA_OPTS="-Xmx64m -XX:+UseSerialGC" measure "round $r ociconv -Xmx64m" "$root/ociconv" convert "$archive" "$work/out-oci"
done
rm -rf "$work/out-oci" "$work/out-sk"
