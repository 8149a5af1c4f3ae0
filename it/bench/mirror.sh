#!/usr/bin/env bash
# The mirror case of the benchmark (issue 15): 20 images in a local registry, sharing 3 base
# stacks, carried by `ociconv mirror` and by `skopeo sync` (--src yaml --dest dir, the same
# list), then pushed back by each into fresh registries. Sourced by run.sh (its registry
# helpers, $dir, $ociconv, $runs); prints its own table.
#
#   BENCH_CASES=mirror BENCH_SIZES= it/bench/run.sh          # ~2 GB unique, ~7 GB summed
#   MIRROR_SCALE=0.1 MIRROR_SMALL=0 BENCH_CASES=mirror BENCH_SIZES= BENCH_RUNS=1 it/bench/run.sh
#
# Rows: wall, CPU and peak RSS per tool; the bundle's size against the unique bytes; a run
# killed at half way and resumed (bytes the resumed run still fetched); RSS with 10 times more
# (small) images, to see it flat.
scale="${MIRROR_SCALE:-1}"
mdir="$dir/images/mirror-$scale"
base_layer=$(python3 -c "print(int(150 * (1 << 20) * $scale))")
app_layer=$(python3 -c "print(int(55 * (1 << 20) * $scale))")
mkdir -p "$mdir"

# Reproducible files: 3 base stacks of 2 layers, 20 application layers (half random, half text).
python3 - "$mdir" "$base_layer" "$app_layer" <<'PY'
import os, random, sys
d, base, app = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def write(name, size, seed):
    path = os.path.join(d, name)
    if os.path.exists(path) and os.path.getsize(path) == size:
        return
    rng = random.Random(seed)
    with open(path + ".part", "wb") as f:
        left = size
        while left > 0:
            n = min(left, 1 << 20)
            if (left // (1 << 20)) % 2:
                f.write(rng.randbytes(n))
            else:
                f.write((("%08x usr/lib/x86_64-linux-gnu/libssl.so.3 %d\n" % (rng.getrandbits(32), rng.randrange(1 << 20))) * (n // 40 + 1)).encode()[:n])
            left -= n
    os.rename(path + ".part", path)
for b in range(3):
    for l in range(2):
        write("base%d-%d" % (b, l), base, 100 + 10 * b + l)
for a in range(20):
    write("app%d" % a, app, 1000 + a)
PY

start_registry
m_src="$reg_host"
m_src_pid="$reg_pid"
echo "bench: mirror: pushing 20 images (3 bases) to $m_src..." >&2
for b in 0 1 2; do
  "$ociconv" build -q --time @1700000000 --add "$mdir/base$b-0:/base0" -o "docker://$m_src/mirror/base$b:l0"
  "$ociconv" build -q --time @1700000000 --from "docker://$m_src/mirror/base$b:l0" --add "$mdir/base$b-1:/base1" -o "docker://$m_src/mirror/base$b:1"
done
for a in $(seq 0 19); do
  "$ociconv" build -q --time @1700000000 --from "docker://$m_src/mirror/base$((a % 3)):1" --add "$mdir/app$a:/app" -o "docker://$m_src/mirror/app$a:1"
done
list="$dir/work/mirror-list.yaml"
{
  echo "$m_src:"
  echo "  tls-verify: false"
  echo "  images:"
  for a in $(seq 0 19); do echo "    mirror/app$a: ['1']"; done
} > "$list"
unique=$(python3 -c "print(3 * 2 * $base_layer + 20 * $app_layer)")
summed=$(python3 -c "print(20 * (2 * $base_layer + $app_layer))")
mres="$dir/work/mirror.tsv"
: > "$mres"

timed() { # timed LABEL TOOL COMMAND...: appends "label tool wall cpu rss"
  local label="$1" tool="$2"; shift 2
  sync
  /usr/bin/time -f "%e %U %S %M" -o "$dir/work/mtime.txt" "$@" >/dev/null 2>"$dir/work/merr.txt" \
    || { echo "bench: mirror $label $tool failed: $(tail -3 "$dir/work/merr.txt")" >&2; exit 1; }
  read -r wall user sys rss < "$dir/work/mtime.txt"
  echo -e "$label\t$tool\t$wall\t$(python3 -c "print(round($user+$sys,2))")\t$rss" >> "$mres"
}

for run in $(seq 0 "$runs"); do   # run 0 is the warm-up, not recorded
  rm -rf "$dir/work/bundle" "$dir/work/bundle.partial" "$dir/work/skopeo-dir"
  timed "pull" ociconv "$ociconv" mirror -q --images "$list" "$dir/work/bundle"
  ociconv_bytes=$(du -sb "$dir/work/bundle/blobs" | cut -f1)
  timed "pull" skopeo skopeo sync --src yaml --dest dir --scoped "$list" "$dir/work/skopeo-dir"
  skopeo_bytes=$(du -sb "$dir/work/skopeo-dir" | cut -f1)
  start_registry; p1="$reg_pid"
  timed "push" ociconv "$ociconv" mirror push -q "$dir/work/bundle" "$reg_host/far"
  stop_registry "$p1"; rm -rf "$reg_root"
  start_registry; p2="$reg_pid"
  timed "push" skopeo skopeo sync --src dir --dest docker --dest-tls-verify=false "$dir/work/skopeo-dir" "$reg_host/far"
  stop_registry "$p2"; rm -rf "$reg_root"
  if [ "$run" = 0 ]; then : > "$mres"; fi
  cat "$mres" >&2
done

# killed at half way, then resumed: what the second run still fetched
rm -rf "$dir/work/bundle" "$dir/work/bundle.partial"
"$ociconv" mirror -q --images "$list" "$dir/work/bundle" & mpid=$!
half=$((ociconv_bytes / 2))   # half of the bundle (compressed layers), not of the raw bytes
while kill -0 "$mpid" 2>/dev/null; do
  have=$( (find "$dir/work/bundle.partial/blobs" -type f -printf '%s\n' 2>/dev/null || true) | awk '{s+=$1} END {print s+0}')
  [ "$have" -ge "$half" ] && break
  sleep 0.2
done
kill -9 "$mpid" 2>/dev/null || true; wait "$mpid" 2>/dev/null || true
kept=$( (find "$dir/work/bundle.partial/blobs" -type f -printf '%s\n' 2>/dev/null || true) | awk '{s+=$1} END {print s+0}')
"$ociconv" mirror --images "$list" "$dir/work/bundle" > "$dir/work/resumed.txt"
final=$(du -sb "$dir/work/bundle/blobs" | cut -f1)
resumed_fetched=$((final - kept))

# RSS flat from 20 to 200 images: 200 small images (one 64 KiB layer each on base0's first layer);
# MIRROR_SMALL=0 leaves this step out (building 200 images takes minutes)
if [ "${MIRROR_SMALL:-1}" != 0 ]; then
small_list="$dir/work/mirror-200.yaml"
head -c 65536 /dev/urandom > "$dir/work/tiny"
{ echo "$m_src:"; echo "  tls-verify: false"; echo "  images:"; } > "$small_list"
for i in $(seq 0 199); do
  "$ociconv" build -q --time @1700000000 --label "n=$i" --from "docker://$m_src/mirror/base0:l0" --add "$dir/work/tiny:/t" \
    -o "docker://$m_src/mirror/small$i:1"
  echo "    mirror/small$i: ['1']" >> "$small_list"
done
rm -rf "$dir/work/bundle200" "$dir/work/bundle200.partial"
timed "200 small images" ociconv "$ociconv" mirror -q --images "$small_list" "$dir/work/bundle200"
fi
stop_registry "$m_src_pid"

echo
echo "mirror: 20 images, 3 base stacks; layer contents $(python3 -c "print(round($unique/1e6))") MB unique, $(python3 -c "print(round($summed/1e6))") MB summed over the images (scale $scale); gzip'd in the registry"
echo
python3 - "$mres" "$unique" "$ociconv_bytes" "$skopeo_bytes" "$kept" "$resumed_fetched" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    label, tool, wall, cpu, rss = line.split("\t")
    r = rows.setdefault(label, {}).setdefault(tool, {"wall": [], "cpu": [], "rss": []})
    r["wall"].append(float(wall)); r["cpu"].append(float(cpu)); r["rss"].append(int(rss) / 1024)
unique, ob, sb, kept, resumed = (int(x) for x in sys.argv[2:])
print("| step | ociconv wall s | skopeo wall s | **ratio** | ociconv CPU s | skopeo CPU s | ociconv RSS MB | skopeo RSS MB |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
for label, t in rows.items():
    o = t.get("ociconv"); s = t.get("skopeo")
    m = lambda r, k: statistics.median(r[k]) if r else float("nan")
    ratio = "%.2f" % (m(o, "wall") / m(s, "wall")) if o and s else "-"
    print("| %s | %.1f | %s | %s | %.1f | %s | %.0f | %s |" % (label, m(o, "wall"), "%.1f" % m(s, "wall") if s else "-", ratio,
          m(o, "cpu"), "%.1f" % m(s, "cpu") if s else "-", m(o, "rss"), "%.0f" % m(s, "rss") if s else "-"))
print()
print("bundle %.0f MB (every blob once); skopeo's dir %.0f MB = %.2f x the bundle (a copy of each shared layer per image)"
      % (ob / 1e6, sb / 1e6, sb / ob))
print("killed with %.0f MB (%.0f%% of the bundle) staged; the resumed run fetched %.0f MB, %.0f%% of what a full run fetches"
      % (kept / 1e6, 100 * kept / ob, resumed / 1e6, 100 * resumed / ob))
PY
