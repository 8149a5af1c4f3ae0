#!/usr/bin/env python3
"""Prints the medians of run.sh's results.tsv as a markdown table, one row per case and size."""
import statistics
import sys

TITLES = {
    "version": "`--version`",
    "save_to_oci": "docker save → OCI (uncompressed)",
    "save_to_oci_gzip": "docker save → OCI gzip",
    "oci_gzip_to_save": "OCI (gzip) → docker save",
    "push_save": "push docker save → registry (gzip)",
    "push_oci": "push OCI (gzip) → registry",
    "pull_to_save": "pull registry → docker save",
    "pull_to_oci": "pull registry → OCI",
}

rows = {}
for line in open(sys.argv[1]):
    case, size, tool, wall, cpu, rss, size_bytes = line.rstrip("\n").split("\t")
    r = rows.setdefault((case, size), {}).setdefault(tool, {"wall": [], "cpu": [], "rss": [], "bytes": []})
    r["wall"].append(float(wall))
    r["cpu"].append(float(cpu))
    r["rss"].append(int(rss) / 1024)
    if size_bytes != "-":
        r["bytes"].append(int(size_bytes))

print("| case | image | ociconv wall s | skopeo wall s | **ratio** | ociconv CPU s | skopeo CPU s "
      "| ociconv RSS MB | skopeo RSS MB | ociconv out MB | skopeo out MB |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")


def fmt_mb(b):
    return "%.1f" % (b / 1e6) if b >= 1e6 else "%.4f" % (b / 1e6)


for (case, size), tools in rows.items():
    if "ociconv" not in tools or "skopeo" not in tools:
        continue  # an interrupted run
    o, s = tools["ociconv"], tools["skopeo"]
    med = lambda r, k: statistics.median(r[k])
    size_of = lambda r: fmt_mb(statistics.median(r["bytes"])) if r["bytes"] else ""
    print("| %s | %s | %.2f | %.2f | **%.2f** | %.2f | %.2f | %.0f | %.0f | %s | %s |" % (
        TITLES.get(case, case), size, med(o, "wall"), med(s, "wall"), med(o, "wall") / max(med(s, "wall"), 0.001),
        med(o, "cpu"), med(s, "cpu"), med(o, "rss"), med(s, "rss"), size_of(o), size_of(s)))
