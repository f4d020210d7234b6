#!/usr/bin/env python3
"""Runs the normalizer case files (tests/cases/normalize/*.tsv) through Negah and the peer
normalizers hazm, shekar and parsivar, and prints a markdown table of cases passed per file.

Only the default-style cases are used (no third column, or `academy`): the peers have no
house styles. A case passes when the output equals the expected text exactly.

Usage (peers in a venv under /tmp, from PyPI):
  python3 -m venv /tmp/normpeers && /tmp/normpeers/bin/pip install hazm shekar parsivar
  cargo build --release
  /tmp/normpeers/bin/python3 tools/norm/peers_cases.py --negah target/release/negah
"""

import argparse
import glob
import os
import re
import subprocess
import sys


def unescape(s):
    return re.sub(r"\\u\{([0-9a-fA-F]+)\}", lambda m: chr(int(m.group(1), 16)), s)


def load(root):
    files = {}
    for path in sorted(glob.glob(os.path.join(root, "tests/cases/normalize/*.tsv"))):
        cases = []
        for line in open(path, encoding="utf-8"):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) > 2 and cols[2] != "academy":
                continue
            src = unescape(cols[0])
            want = src if cols[1] == "=" else unescape(cols[1])
            cases.append((src, want))
        if cases:
            files[os.path.basename(path)[:-4]] = cases
    return files


def peers():
    out = {}
    try:
        from hazm import Normalizer as H
        h = H()
        out["hazm"] = h.normalize
    except Exception as e:  # noqa: BLE001 - report and go on without it
        print(f"hazm unavailable: {e}", file=sys.stderr)
    try:
        from shekar import Normalizer as S
        s = S()
        out["shekar"] = s.normalize
    except Exception as e:  # noqa: BLE001
        print(f"shekar unavailable: {e}", file=sys.stderr)
    try:
        from parsivar import Normalizer as P
        p = P()
        out["parsivar"] = p.normalize
    except Exception as e:  # noqa: BLE001
        print(f"parsivar unavailable: {e}", file=sys.stderr)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--negah", default="target/release/negah")
    ap.add_argument("--root", default=os.path.join(os.path.dirname(__file__), "..", ".."))
    ap.add_argument("--show-fails", action="store_true")
    a = ap.parse_args()
    files = load(a.root)
    tools = {}
    def negah(s):
        r = subprocess.run([a.negah, "normalize"], input=s.encode(), capture_output=True, check=True)
        return r.stdout.decode().rstrip("\n")
    tools["Negah"] = negah
    tools.update(peers())
    names = list(tools)
    rows = []
    totals = {n: 0 for n in names}
    n_all = 0
    for f, cases in files.items():
        row = [f, str(len(cases))]
        n_all += len(cases)
        for n in names:
            ok = 0
            for src, want in cases:
                try:
                    got = tools[n](src)
                except Exception as e:  # noqa: BLE001 - a crash is a failed case
                    got = f"<error {e}>"
                if got == want:
                    ok += 1
                elif a.show_fails:
                    print(f"[{n}] {f}: {src!r} -> {got!r} (want {want!r})", file=sys.stderr)
            totals[n] += ok
            row.append(str(ok))
        rows.append(row)
    print("| case file | cases | " + " | ".join(names) + " |")
    print("|---|---|" + "---|" * len(names))
    for r in rows:
        print("| " + " | ".join(r) + " |")
    print("| **total** | " + str(n_all) + " | " + " | ".join(str(totals[n]) for n in names) + " |")


if __name__ == "__main__":
    main()
