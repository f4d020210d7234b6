#!/usr/bin/env python3
"""Write quote predictions in the shape score_quotes.py reads.

Runs `negah analyze FILE --format json` on every article and keeps, per quote, the content,
speaker and cue spans (Unicode code-point offsets into the original text, which is what the
CLI reports), the type and the resolved speaker name.

    python3 tools/quotes/predict.py ARTICLE_DIR_OR_GOLD.json -o pred.json [--negah target/release/negah]

With a gold JSON the documents it lists are read from GOLD_DIR/articles/; with a directory every
*.txt in it. Standard library only.
"""
import argparse
import json
import os
import subprocess
import sys


def files_from(arg):
    if arg.endswith(".json"):
        gold = json.load(open(arg, encoding="utf-8"))
        base = os.path.join(os.path.dirname(os.path.abspath(arg)), "articles")
        return [os.path.join(base, d["file"]) for d in gold["documents"]]
    return sorted(
        os.path.join(arg, f) for f in os.listdir(arg) if f.endswith(".txt")
    )


def span(s):
    return {"start": s["start"], "end": s["end"], "text": s.get("text", "")}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("source", help="gold JSON (its documents) or a directory of .txt articles")
    ap.add_argument("-o", "--out", default="-")
    ap.add_argument("--negah", default=os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", "target", "release", "negah"))
    args = ap.parse_args()
    docs = []
    for path in files_from(args.source):
        r = subprocess.run([args.negah, "analyze", path, "--format", "json"],
                           capture_output=True, text=True)
        if r.returncode != 0:
            print(f"negah failed on {path}: {r.stderr.strip()}", file=sys.stderr)
            docs.append({"file": os.path.basename(path), "quotes": []})
            continue
        a = json.loads(r.stdout)
        quotes = []
        for q in a.get("quotes", []):
            out = {"content": span(q["content"]), "type": q["kind"]}
            if q.get("speaker"):
                out["speaker_mention"] = span(q["speaker"])
            if q.get("speaker_name"):
                out["speaker_name"] = q["speaker_name"]
            if q.get("cue"):
                out["cue"] = span(q["cue"])
            if "confidence" in q:
                out["confidence"] = q["confidence"]
            quotes.append(out)
        docs.append({"file": os.path.basename(path), "quotes": quotes})
    data = json.dumps({"documents": docs}, ensure_ascii=False, indent=1)
    if args.out == "-":
        print(data)
    else:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(data + "\n")


if __name__ == "__main__":
    main()
