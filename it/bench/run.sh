#!/usr/bin/env bash
# Benchmark: ociconv against skopeo, case by case, on reproducible images (no Docker needed).
#
#   it/bench/run.sh                              # small, medium (5 layers, ~300 MB), large (3 layers, 2 GiB)
#   BENCH_SIZES=small,medium BENCH_RUNS=3 it/bench/run.sh
#   BENCH_SIZES=medium BENCH_CASES=save_to_oci_gzip,push_save it/bench/run.sh
#   BENCH_CASES=mirror BENCH_SIZES= it/bench/run.sh          # 20 images into one bundle (see mirror.sh)
#
# Needs python3, skopeo, docker-registry (Debian's registry:2 program) and GNU time. Images are
# generated once into $BENCH_DIR (default it/target/bench) and reused; outputs go to
# $BENCH_DIR/work and are deleted after each run. For each case the tools run alternately
# (A B A B ...): one warm-up each, then BENCH_RUNS timed runs each. Prints a markdown table of
# medians: wall seconds, CPU seconds (user+sys), peak RSS, ociconv/skopeo wall ratio, and the
# output's size where the tools compress. skopeo gzips layers written to an OCI layout unless
# told --dest-oci-accept-uncompressed-layers; the uncompressed case tells it.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
sizes="${BENCH_SIZES-small,medium,large}"   # empty: none (the mirror case alone)
runs="${BENCH_RUNS:-3}"
cases="${BENCH_CASES:-version,save_to_oci,save_to_oci_gzip,oci_gzip_to_save,push_save,push_oci,pull_to_save,pull_to_oci}"
dir="${BENCH_DIR:-$root/it/target/bench}"
ociconv="$root/ociconv"
mkdir -p "$dir/images" "$dir/work"
dir="$(cd "$dir" && pwd)"
results="$dir/results.tsv"
: > "$results"
export TMPDIR="$dir/work"

for tool in python3 skopeo docker-registry /usr/bin/time curl; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is needed" >&2; exit 1; }
done

# ---- images -------------------------------------------------------------------------------
declare -A layers=([small]=1 [medium]=5 [large]=3)
declare -A per_layer=([small]=4096 [medium]=$((60 << 20)) [large]=$(( (2 << 30) / 3 )))
for size in ${sizes//,/ }; do
  [ -n "${layers[$size]:-}" ] || { echo "bench: unknown size $size (small, medium, large)" >&2; exit 2; }
  tar="$dir/images/$size.tar"
  if [ ! -f "$tar" ]; then
    echo "bench: generating $size image..." >&2
    python3 "$here/make_image.py" "$tar" "${layers[$size]}" "${per_layer[$size]}" 42
  fi
  if [ ! -d "$dir/images/$size-oci-gz" ]; then
    skopeo copy -q --dest-compress --dest-compress-format gzip \
      "docker-archive:$tar" "oci:$dir/images/$size-oci-gz.part:latest"
    mv "$dir/images/$size-oci-gz.part" "$dir/images/$size-oci-gz"
  fi
done

# Build the launcher's jar (and its class-data archive) before timing anything.
"$ociconv" --version >/dev/null

# ---- registries ---------------------------------------------------------------------------
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$dir/work"/*
}
trap cleanup EXIT

# Starts a registry with fresh storage; sets $reg_host and $reg_pid and $reg_root.
start_registry() {
  reg_root="$(mktemp -d "$dir/work/registry.XXXXXX")"
  local port
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  cat > "$reg_root/config.yml" <<YML
version: 0.1
log:
  level: error
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $reg_root/storage
http:
  addr: 127.0.0.1:$port
YML
  docker-registry serve "$reg_root/config.yml" >"$reg_root/log" 2>&1 &
  reg_pid=$!
  pids+=("$reg_pid")
  reg_host="127.0.0.1:$port"
  for _ in $(seq 100); do
    curl -fs "http://$reg_host/v2/" >/dev/null && return 0
    sleep 0.1
  done
  echo "bench: registry did not start: $(cat "$reg_root/log")" >&2
  exit 1
}

stop_registry() {
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

# The pull cases read from one registry holding every size, pushed by skopeo (gzip layers).
start_registry
src_host="$reg_host"
for size in ${sizes//,/ }; do
  skopeo copy -q --dest-tls-verify=false "oci:$dir/images/$size-oci-gz:latest" "docker://$src_host/src-$size:latest"
done

# ---- cases --------------------------------------------------------------------------------
# Each case is a function CASE TOOL SIZE OUT that runs one tool; "push" cases get a fresh
# registry per run (so blobs are really uploaded) and report the pushed blob bytes as the size.
skopeo_tls=(--src-tls-verify=false --dest-tls-verify=false)

case_save_to_oci() {
  if [ "$1" = ociconv ]; then "$ociconv" copy -q "docker-archive:$dir/images/$2.tar" "oci:$3:latest"
  else skopeo copy -q --dest-oci-accept-uncompressed-layers "docker-archive:$dir/images/$2.tar" "oci:$3:latest"; fi
}
case_save_to_oci_gzip() {
  if [ "$1" = ociconv ]; then "$ociconv" copy -q --compress gzip "docker-archive:$dir/images/$2.tar" "oci:$3:latest"
  else skopeo copy -q --dest-compress --dest-compress-format gzip "docker-archive:$dir/images/$2.tar" "oci:$3:latest"; fi
}
case_oci_gzip_to_save() {
  if [ "$1" = ociconv ]; then "$ociconv" copy -q "oci:$dir/images/$2-oci-gz:latest" "docker-archive:$3:bench/image:latest"
  else skopeo copy -q "oci:$dir/images/$2-oci-gz:latest" "docker-archive:$3:bench/image:latest"; fi
}
case_push_save() {
  if [ "$1" = ociconv ]; then "$ociconv" copy -q "docker-archive:$dir/images/$2.tar" "docker://$reg_host/push:latest"
  else skopeo copy -q "${skopeo_tls[@]}" "docker-archive:$dir/images/$2.tar" "docker://$reg_host/push:latest"; fi
}
case_push_oci() {
  if [ "$1" = ociconv ]; then "$ociconv" copy -q "oci:$dir/images/$2-oci-gz:latest" "docker://$reg_host/push:latest"
  else skopeo copy -q "${skopeo_tls[@]}" "oci:$dir/images/$2-oci-gz:latest" "docker://$reg_host/push:latest"; fi
}
case_pull_to_save() {
  if [ "$1" = ociconv ]; then "$ociconv" copy -q "docker://$src_host/src-$2:latest" "docker-archive:$3:bench/image:latest"
  else skopeo copy -q "${skopeo_tls[@]}" "docker://$src_host/src-$2:latest" "docker-archive:$3:bench/image:latest"; fi
}
case_pull_to_oci() {
  if [ "$1" = ociconv ]; then "$ociconv" copy -q "docker://$src_host/src-$2:latest" "oci:$3:latest"
  else skopeo copy -q "${skopeo_tls[@]}" "docker://$src_host/src-$2:latest" "oci:$3:latest"; fi
}
case_version() {
  if [ "$1" = ociconv ]; then "$ociconv" --version; else skopeo --version; fi
}

# run_one CASE TOOL SIZE TIMED: one run; appends "case size tool wall cpu rss_kb bytes" when timed.
run_one() {
  local name="$1" tool="$2" size="$3" timed="$4" out="$dir/work/out" stats="$dir/work/time.txt" bytes=-
  rm -rf "$out"
  local push=false
  case "$name" in push_*) push=true; start_registry ;; esac
  # Each run starts with nothing of the previous one waiting to be written back to disk, so no
  # tool pays for another's writes.
  sync
  if ! /usr/bin/time -f "%e %U %S %M" -o "$stats" bash -c "$(declare -f "case_$name"); \
      ociconv='$ociconv' dir='$dir' reg_host='${reg_host:-}' src_host='$src_host'; \
      skopeo_tls=(--src-tls-verify=false --dest-tls-verify=false); case_$name $tool $size '$out'" >/dev/null 2>"$dir/work/err.txt"; then
    echo "bench: $name $size $tool failed: $(tail -3 "$dir/work/err.txt")" >&2
    exit 1
  fi
  case "$name" in
    *gzip) bytes="$(du -sb "$out/blobs" | cut -f1)" ;;
    push_save) bytes="$(du -sb "$reg_root/storage/docker/registry/v2/blobs" | cut -f1)" ;;
  esac
  if $push; then stop_registry "$reg_pid"; rm -rf "$reg_root"; fi
  rm -rf "$out"
  if [ "$timed" = 1 ]; then
    read -r wall user sys rss < "$stats"
    echo -e "$name\t$size\t$tool\t$wall\t$(python3 -c "print(round($user+$sys,2))")\t$rss\t$bytes" >> "$results"
  fi
}

bench_case() {
  local name="$1" size="$2"
  echo "bench: $name $size" >&2
  run_one "$name" ociconv "$size" 0
  run_one "$name" skopeo "$size" 0
  for _ in $(seq "$runs"); do
    run_one "$name" ociconv "$size" 1
    run_one "$name" skopeo "$size" 1
  done
}

case ",$cases," in *,version,*) bench_case version - ;; esac
for size in ${sizes//,/ }; do
  for name in ${cases//,/ }; do
    [ "$name" = version ] || [ "$name" = mirror ] || bench_case "$name" "$size"
  done
done

echo
echo "$(date -u +%Y-%m-%d) · $(nproc) cores · $(free -g | awk '/^Mem:/ {print $2}') GiB RAM · $(skopeo --version) · $(java -version 2>&1 | head -1) · runs: $runs (+1 warm-up), medians"
echo
[ -s "$results" ] && python3 "$here/table.py" "$results"
# the mirror case (many images, one bundle) has its own table
case ",$cases," in *,mirror,*) source "$here/mirror.sh" ;; esac
