#!/usr/bin/env python3
"""Writes a legacy `docker save` archive of random data: LAYERS layers of about TOTAL/LAYERS bytes each.

usage: gen-docker-save.py OUT.tar [TOTAL_BYTES] [LAYERS]
Each layer.tar holds one file of random bytes; diff_ids are computed while writing, so the
archive is valid for any reader (ociconv, skopeo). Layer tars are staged beside OUT and removed.
"""
import hashlib, io, json, os, sys, tarfile

out = sys.argv[1]
total = int(sys.argv[2]) if len(sys.argv) > 2 else 2 * 1000**3
layers = int(sys.argv[3]) if len(sys.argv) > 3 else 3
chunk = 1 << 20


class Hashing(io.RawIOBase):
    def __init__(self, f):
        self.f, self.h, self.pos = f, hashlib.sha256(), 0
    def writable(self):
        return True
    def tell(self):
        return self.pos
    def write(self, b):
        self.h.update(b)
        self.pos += len(b)
        return self.f.write(b)


class RandomReader(io.RawIOBase):
    def __init__(self, n):
        self.left = n
    def readable(self):
        return True
    def readinto(self, b):
        n = min(len(b), self.left, chunk)
        if n <= 0:
            return 0
        b[:n] = os.urandom(n)
        self.left -= n
        return n


staged, diff_ids = [], []
for i in range(layers):
    path = f"{out}.layer{i}"
    with open(path, "wb") as raw:
        h = Hashing(raw)
        with tarfile.open(fileobj=h, mode="w", format=tarfile.PAX_FORMAT) as t:
            info = tarfile.TarInfo(f"data/random-{i}.bin")
            info.size, info.mtime, info.mode = total // layers, 0, 0o644
            t.addfile(info, io.BufferedReader(RandomReader(info.size), chunk))
    staged.append(path)
    diff_ids.append("sha256:" + h.h.hexdigest())

config = json.dumps({"architecture": "amd64", "os": "linux", "config": {},
                     "rootfs": {"type": "layers", "diff_ids": diff_ids}}, separators=(",", ":")).encode()
config_hex = hashlib.sha256(config).hexdigest()
v1 = [hashlib.sha256(f"{config_hex}/{i}".encode()).hexdigest() for i in range(layers)]


def add_bytes(t, name, data):
    info = tarfile.TarInfo(name)
    info.size, info.mode = len(data), 0o644
    t.addfile(info, io.BytesIO(data))


with tarfile.open(out, "w", format=tarfile.PAX_FORMAT) as t:
    for i, path in enumerate(staged):
        add_bytes(t, f"{v1[i]}/VERSION", b"1.0")
        add_bytes(t, f"{v1[i]}/json", json.dumps({"id": v1[i]}).encode())
        t.add(path, arcname=f"{v1[i]}/layer.tar")
        os.remove(path)
    add_bytes(t, f"{config_hex}.json", config)
    manifest = [{"Config": f"{config_hex}.json", "RepoTags": ["bench/random:2g"],
                 "Layers": [f"{v}/layer.tar" for v in v1]}]
    add_bytes(t, "manifest.json", json.dumps(manifest).encode())
    add_bytes(t, "repositories", json.dumps({"bench/random": {"2g": v1[-1]}}).encode())
print(f"{out}: {os.path.getsize(out)} bytes, {layers} layers, image sha256:{config_hex}")
