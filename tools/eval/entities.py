#!/usr/bin/env python3
"""Score Negah's entities and person clusters on the project's development gold.

    python3 tools/eval/entities.py [--negah target/release/negah] [--shared ../shared] [--errors]

The gold (`data/eval/entities_dev.json`) holds offsets only: the article texts stay in
`SHARED/data/quotes/articles/` and never enter the repository. This script checks each
article's sha256 against the gold, fills in the span texts and a label per cluster (the
longest PER mention, else the first ROLE) in the shape `score_entities.py` reads, and runs
`SHARED/tools/score_entities.py` with `negah analyze {file} --format json`. Its last line is
the scorer's summary (strict F1, lenient F1, role->person link); the pairwise same-person
line sits just above it. Standard library only.
"""
import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def filled_gold(gold, src):
    docs = []
    for d in gold["docs"]:
        path = os.path.join(src, d["file"])
        raw = open(path, "rb").read()
        if hashlib.sha256(raw).hexdigest() != d["sha256"]:
            sys.exit(f"{path}: sha256 differs from the gold's; the offsets would not fit")
        text = raw.decode("utf-8")
        ents = [dict(e, text=text[e["start"]:e["end"]]) for e in d["entities"]]
        labels = []
        for c in d["clusters"]:
            pers = [ents[i]["text"] for i in c if ents[i]["type"] == "PER"]
            labels.append(max(pers, key=len) if pers else ents[c[0]]["text"])
        docs.append({"file": d["file"], "entities": ents, "clusters": d["clusters"],
                     "cluster_labels": labels})
    return {"docs": docs}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--negah", default=os.path.join(ROOT, "target", "release", "negah"))
    # ../shared next to the main checkout; a worktree under /work/wt/NAME finds it one level up.
    shared = next((p for p in (os.path.join(ROOT, "..", "shared"),
                               os.path.join(ROOT, "..", "..", "shared")) if os.path.isdir(p)),
                  os.path.join(ROOT, "..", "shared"))
    ap.add_argument("--shared", default=shared)
    ap.add_argument("--gold", default=os.path.join(ROOT, "data", "eval", "entities_dev.json"))
    ap.add_argument("--errors", action="store_true", help="list every error in context")
    ap.add_argument("--write-gold", metavar="PATH",
                    help="also write the filled-in gold (with texts) here, outside the repo")
    a = ap.parse_args()
    src = os.path.join(a.shared, "data", "quotes", "articles")
    scorer = os.path.join(a.shared, "tools", "score_entities.py")
    gold = filled_gold(json.load(open(a.gold, encoding="utf-8")), src)
    with tempfile.TemporaryDirectory() as tmp:
        path = a.write_gold or os.path.join(tmp, "gold.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(gold, f, ensure_ascii=False)
        cmd = [sys.executable, scorer, f"{a.negah} analyze {{file}} --format json",
               "--gold", path, "--src", src]
        if a.errors:
            cmd.append("--errors")
        sys.exit(subprocess.run(cmd).returncode)


if __name__ == "__main__":
    main()
