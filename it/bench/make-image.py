#!/usr/bin/env python3
"""Writes a legacy `docker save` archive of about SIZE_MB megabytes for the registry benchmark.

Layer content is half random, half repeated text, so gzip has about as much work, and reaches
about the ratio, of a typical image (neither all-zero nor incompressible).
Usage: make-image.py OUT.tar SIZE_MB NAME:TAG
"""
import hashlib, io, json, os, sys, tarfile, tempfile

out, size_mb, name = sys.argv[1], int(sys.argv[2]), sys.argv[3]
# a few layers of decreasing size, as real images have (base, runtime, app, small config layers)
shares = [0.02, 0.30, 0.20, 0.15, 0.12, 0.10, 0.08, 0.03]
TEXT = (b"the quick brown fox jumps over the lazy dog 0123456789\n" * 700)[:32768]

def content(n):
    left = n
    while left > 0:
        chunk = os.urandom(32768) + TEXT
        yield chunk[:left]
        left -= len(chunk[:left])

class Gen(io.RawIOBase):
    def __init__(self, n):
        self.it = content(n); self.buf = b""
    def readable(self):
        return True
    def readinto(self, b):
        while not self.buf:
            try:
                self.buf = next(self.it)
            except StopIteration:
                return 0
        n = min(len(b), len(self.buf)); b[:n] = self.buf[:n]; self.buf = self.buf[n:]
        return n

def info(name, size, mode=0o644, kind=tarfile.REGTYPE):
    ti = tarfile.TarInfo(name); ti.size = size; ti.mode = mode; ti.type = kind
    ti.mtime = 0; ti.uname = ti.gname = ""
    return ti

work = tempfile.mkdtemp(dir=os.path.dirname(os.path.abspath(out)))
diff_ids, layers, parent = [], [], ""
with tarfile.open(out, "w", format=tarfile.PAX_FORMAT) as save:
    for i, share in enumerate(shares):
        path = os.path.join(work, f"layer{i}.tar")
        total = int(size_mb * share * 1024 * 1024)
        with tarfile.open(path, "w", format=tarfile.PAX_FORMAT) as layer:
            layer.addfile(info(f"data{i}/", 0, 0o755, tarfile.DIRTYPE))
            files = 4
            for f in range(files):
                n = total // files
                layer.addfile(info(f"data{i}/file{f}.bin", n), io.BufferedReader(Gen(n)))
        h = hashlib.sha256()
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
        diff_id = "sha256:" + h.hexdigest()
        v1 = hashlib.sha256((parent + diff_id).encode()).hexdigest()
        v1json = json.dumps({"id": v1, **({"parent": parent} if parent else {}), "created": "1970-01-01T00:00:00Z"}).encode()
        save.addfile(info(v1 + "/", 0, 0o755, tarfile.DIRTYPE))
        save.addfile(info(v1 + "/VERSION", 3), io.BytesIO(b"1.0"))
        save.addfile(info(v1 + "/json", len(v1json)), io.BytesIO(v1json))
        with open(path, "rb") as fh:
            save.addfile(info(v1 + "/layer.tar", os.path.getsize(path)), fh)
        os.remove(path)
        diff_ids.append(diff_id); layers.append(v1 + "/layer.tar"); parent = v1
    config = json.dumps({"architecture": "amd64", "os": "linux", "created": "2024-01-01T00:00:00Z",
                         "config": {"Env": ["PATH=/usr/bin"]},
                         "rootfs": {"type": "layers", "diff_ids": diff_ids}}).encode()
    cid = hashlib.sha256(config).hexdigest()
    save.addfile(info(cid + ".json", len(config)), io.BytesIO(config))
    manifest = json.dumps([{"Config": cid + ".json", "RepoTags": [name], "Layers": layers}]).encode()
    save.addfile(info("manifest.json", len(manifest)), io.BytesIO(manifest))
os.rmdir(work)
print(f"{out}: {os.path.getsize(out) / 1e6:.0f} MB, {len(layers)} layers, image {cid[:12]}")
