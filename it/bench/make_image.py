#!/usr/bin/env python3
"""Writes a reproducible legacy `docker save` tar of synthetic layers, without Docker.

usage: make_image.py OUT.tar LAYERS BYTES_PER_LAYER [SEED] [NAME:TAG]

Each layer is a tar of 16 MiB files (smaller for tiny layers), alternately random bytes
(incompressible) and generated log-like text (compresses about 5:1), so gzip sizes and
times mean something. The same arguments always give the same bytes.
"""
import hashlib
import io
import json
import os
import random
import sys
import tarfile

FILE = 16 << 20
MTIME = 1700000000


def text_block(rng, size):
    words = ["usr", "lib", "share", "bin", "etc", "python3", "locale", "x86_64-linux-gnu",
             "README", "LICENSE", "libssl.so.3", "zoneinfo", "Europe", "doc", "man", "pkgconfig"]
    out = io.StringIO()
    n = 0
    while n < size:
        line = "%08x %s/%s/%s %d %s\n" % (rng.getrandbits(32), rng.choice(words), rng.choice(words),
                                          rng.choice(words), rng.randrange(1 << 20), rng.choice(words))
        out.write(line)
        n += len(line)
    return out.getvalue().encode()[:size]


def write_layer(path, rng, size, index):
    with tarfile.open(path, "w", format=tarfile.PAX_FORMAT) as t:
        d = tarfile.TarInfo("data%d" % index)
        d.type, d.mode, d.mtime = tarfile.DIRTYPE, 0o755, MTIME
        t.addfile(d)
        left, i = size, 0
        while left > 0:
            n = min(FILE, left)
            if i % 2 == 0:
                data = rng.randbytes(n)
            else:
                data = text_block(rng, n)
            info = tarfile.TarInfo("data%d/file%04d.%s" % (index, i, "bin" if i % 2 == 0 else "txt"))
            info.size, info.mode, info.mtime = n, 0o644, MTIME
            t.addfile(info, io.BytesIO(data))
            left -= n
            i += 1


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def add_bytes(t, name, data):
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = len(data), 0o644, MTIME
    t.addfile(info, io.BytesIO(data))


def main():
    out, layers, per_layer = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    name = sys.argv[5] if len(sys.argv) > 5 else "bench/image:latest"
    rng = random.Random(seed)
    tmp = out + ".layers"
    os.makedirs(tmp, exist_ok=True)
    paths, diff_ids = [], []
    for i in range(layers):
        p = os.path.join(tmp, "layer%d.tar" % i)
        write_layer(p, rng, per_layer, i)
        paths.append(p)
        diff_ids.append("sha256:" + sha256_file(p))
    config = json.dumps({
        "architecture": "amd64", "os": "linux", "created": "2023-11-14T22:13:20Z",
        "config": {"Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
                   "Cmd": ["/bin/sh"]},
        "rootfs": {"type": "layers", "diff_ids": diff_ids},
        "history": [{"created": "2023-11-14T22:13:20Z", "created_by": "bench layer %d" % i}
                    for i in range(layers)],
    }, separators=(",", ":")).encode()
    config_hex = hashlib.sha256(config).hexdigest()
    # Legacy layout: one directory per layer, named by a stable fake v1 id.
    ids = [hashlib.sha256(("%s/%d" % (config_hex, i)).encode()).hexdigest() for i in range(layers)]
    manifest = json.dumps([{"Config": config_hex + ".json", "RepoTags": [name],
                            "Layers": ["%s/layer.tar" % i for i in ids]}], separators=(",", ":")).encode()
    with tarfile.open(out + ".part", "w", format=tarfile.PAX_FORMAT) as t:
        for i, (lid, p) in enumerate(zip(ids, paths)):
            d = tarfile.TarInfo(lid)
            d.type, d.mode, d.mtime = tarfile.DIRTYPE, 0o755, MTIME
            t.addfile(d)
            add_bytes(t, lid + "/VERSION", b"1.0")
            v1 = {"id": lid, "created": "2023-11-14T22:13:20Z", "os": "linux"}
            if i > 0:
                v1["parent"] = ids[i - 1]
            add_bytes(t, lid + "/json", json.dumps(v1, separators=(",", ":")).encode())
            info = t.gettarinfo(p, arcname=lid + "/layer.tar")
            info.mtime, info.uid, info.gid, info.uname, info.gname = MTIME, 0, 0, "", ""
            with open(p, "rb") as f:
                t.addfile(info, f)
            os.remove(p)
        add_bytes(t, config_hex + ".json", config)
        add_bytes(t, "manifest.json", manifest)
        add_bytes(t, "repositories", json.dumps({"bench/image": {"latest": ids[-1]}}).encode())
    os.rmdir(tmp)
    os.replace(out + ".part", out)


if __name__ == "__main__":
    main()
