#!/usr/bin/env python3
"""Writes a trained network (`train.py`'s params.npz + log.json) as the product's model file.

    python3 tools/ner/export.py RUN_DIR data/ner/net.bin

Format (little endian; read by `src/entities/net.rs`, `Net::from_bytes`):
  b"NGNN", version u8 = 1
  table count u8; per table: rows u32, dim u16, hashed u8, bits u8 (8 or 4)
  group count u8; per group: table u8, column count u8, columns u8 each
  width u16, depth u8
  head count u8; per head: type count u8, type codes u8 each (tagger/mod.rs `ALL` order)
  per table: scales f32 × rows, then int8 × rows × dim (row-major), or with 4 bits signed
             nibbles in [-7, 7], two a byte, low nibble first (scale = max|row| / 7)
  input layer: matrix (din × width), bias f32 × width, LayerNorm gain, bias f32 × width each
  per conv layer: matrix (3·width × width; rows: left, centre, right neighbour), bias,
                  LayerNorm gain, bias
  per head: matrix (width × labels), bias f32 × labels
  matrix K × N = scales f32 × K, then int8 × K × N (row-major): row k = scale_k · int8 row.
The zero row training keeps for an absent feature is not written (absent ids add nothing).
"""
import json
import os
import struct
import sys

import numpy as np

CODES = {t: i for i, t in enumerate(["PER", "ORG", "LOC", "FAC", "EVE", "PRO", "ROLE", "DAT", "TIM", "MON", "PCT", "NUM"])}
HEADS = [["PER", "ORG", "LOC", "DAT", "TIM", "MON", "PCT"], ["PER", "ORG", "LOC", "FAC", "PRO", "EVE"]]


def quant(m):
    """Per-row symmetric int8: scale = max|row| / 127."""
    m = np.asarray(m, dtype=np.float32)
    s = np.abs(m).max(1) / 127.0
    s = np.where(s == 0, 1.0, s).astype(np.float32)
    q = np.clip(np.round(m / s[:, None]), -127, 127).astype(np.int8)
    return s, q


def main():
    run, out = sys.argv[1], sys.argv[2]
    # 4-bit embedding tables (TABLE_BITS=8 for int8): half the size, measured F1 in docs/entities.md.
    tbits = int(os.environ.get("TABLE_BITS", "4"))
    p = dict(np.load(f"{run}/params.npz"))
    log = json.load(open(f"{run}/log.json"))
    tabs, groups, cfg = log["tables"], log["groups"], log["config"]
    W, D = cfg["width"], cfg["depth"]
    b = bytearray(b"NGNN") + bytes([1, len(tabs)])
    for name, rows, dim, hashed in tabs:
        b += struct.pack("<IHBB", rows, dim, int(hashed), tbits)
    b += bytes([len(groups)])
    for t, cols in groups:
        b += bytes([t, len(cols)] + cols)
    b += struct.pack("<HB", W, D)
    b += bytes([len(HEADS)])
    for types in HEADS:
        b += bytes([len(types)] + [CODES[t] for t in types])

    def mat(m):
        s, q = quant(m)
        return s.astype("<f4").tobytes() + q.tobytes()

    def f32(v):
        return np.asarray(v, dtype="<f4").tobytes()

    def mat4(m):
        m = np.asarray(m, dtype=np.float32)
        s = np.abs(m).max(1) / 7.0
        s = np.where(s == 0, 1.0, s).astype(np.float32)
        q = np.clip(np.round(m / s[:, None]), -7, 7).astype(np.int8)
        u = (q.astype(np.uint8) & 0x0F).reshape(-1, 2)
        return s.astype("<f4").tobytes() + (u[:, 0] | (u[:, 1] << 4)).astype(np.uint8).tobytes()

    for name, rows, dim, hashed in tabs:
        b += (mat if tbits == 8 else mat4)(p[f"emb_{name}"][:rows])
    b += mat(p["in_w"]) + f32(p["in_b"]) + f32(p["in_g"]) + f32(p["in_beta"])
    for d in range(D):
        b += mat(p[f"c{d}_w"]) + f32(p[f"c{d}_b"]) + f32(p[f"c{d}_g"]) + f32(p[f"c{d}_beta"])
    for h in ("p", "a"):
        b += mat(p[f"out_{h}_w"]) + f32(p[f"out_{h}_b"])
    open(out, "wb").write(bytes(b))
    print(f"{out}: {len(b):,} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
