#!/usr/bin/env python3
"""Builds the ZWNJ lexicon of the normalizer from MIT-licensed PyPI packages.

Inputs (wheels fetched with `pip download --no-deps`, checked against the sha256 below):
  hazm 0.10.0   hazm/data/words.dat (lemmas + counts), hazm/data/verbs.dat (verb stems),
                and hazm's own conjugator (Lemmatizer(joined_verb_parts=False).verbs)
  shekar 1.7.0  shekar/data/files/vocab.csv (word,count), compound_words.csv, verbs.csv

Output: a TSV `key<TAB>value` sorted by key (bytes), where key is a word's spelling with
its ZWNJs removed and value is the u64 the Rust side decodes (see src/normalize/lexicon.rs):
  bits 0-7    joined-form weight: 0 = not a word when written joined, else 1 + 10*zipf
  bits 8-15   ZWNJ-form weight:   0 = no ZWNJ spelling known, else 1 + 10*zipf
  bit  16     the key is a verb form (stem + personal ending, participle) without می/نمی
  bit  17     the key is a productive compound head (…کننده، …گیری) that may follow a word
  bit  18     the key is the first part of several Arabic-article compounds (بیت‌المقدس)
  bit  20     the key is the first part of a ZWNJ spelling in the lexicon (دانش of دانش‌آموز), so
              a space after it may be a stripped ZWNJ
  bit  21     the key is what follows a ZWNJ in a ZWNJ spelling in the lexicon (آموز of
              دانش‌آموز): with bit 20, it lets the splitter skip most word-pair lookups
  bit  19     the key is a lemma of hazm's words.dat with a count (a dictionary word, not an
              inflected form that a web corpus wrote joined)
  bit  22     the key is a compound head made from a verb stem (…سازی، …رسانی، …آموز، …شناس):
              a verb form, the second part of at least --derived-min two-part ZWNJ compounds,
              not a participle, infinitive or past form (ending in ه ن ت د), and when it does
              not end in ی not a lemma of its own (بر، بار); or an agent noun, present stem +
              نده (…کننده، …دهنده), seen as often
  bit  23     the key is tagged an adjective or adverb (AJ, AJC, ADV) in hazm's words.dat: the
              stems that take the comparative تر/ترین (بزرگ‌تر، not پاس + تر in پاستر)
  bits 24-63  the ZWNJ positions of the ZWNJ form, as a bit per char index (1 = a ZWNJ
              goes before char i)
zipf is log10(count per billion words) in its source; the two sources are merged by max.
Then `cargo run --release --example norm_build_fst -- TSV data/norm/lexicon.fst` compiles it.

Usage:
  python3 -m venv /tmp/norm/venv && . /tmp/norm/venv/bin/activate && pip install hazm==0.10.0
  pip download --no-deps -d /tmp/norm/dl hazm==0.10.0 shekar==1.7.0
  python3 tools/norm/build_lexicon.py --dl /tmp/norm/dl --out /tmp/norm/lexicon.tsv
"""

import argparse
import hashlib
import io
import math
import sys
import zipfile
from collections import defaultdict
from pathlib import Path

ZWNJ = "\u200c"
WHEELS = {
    "hazm-0.10.0-py3-none-any.whl": "525c9b32914b98e50dab27fbd4f79c1067c898668812de095b8cdd81cc52b0ef",
    "shekar-1.7.0-py3-none-any.whl": "c18611d53f6bb04c5ac9938d089b6848b6a52ae69fa6007665b4728c31c9ea7e",
}
# Letters that never join the next letter: a ZWNJ after them is invisible and dropped.
NON_JOINING = set("اآأإدذرزژوؤۀة")
LETTERS = set("ءآأؤإئابتثجحخدذرزژسشصضطظعغفقکگلمنوهیپچۀة")
CHAR_MAP = {"ي": "ی", "ى": "ی", "ك": "ک", "ە": "ه", "ھ": "ه", "ة": "ه", "\u200d": ""}
DIACRITICS = {chr(c) for c in range(0x064B, 0x0660)} | {"\u0670", "\u0640"}
MAX_CHARS = 40  # ZWNJ positions must fit in 40 bits


def clean(w):
    w = "".join(CHAR_MAP.get(c, c) for c in w.strip() if c not in DIACRITICS)
    # Drop ZWNJs that are invisible (after a non-joining letter) or doubled or at the ends.
    out = []
    for c in w:
        if c == ZWNJ and (not out or out[-1] in NON_JOINING or out[-1] == ZWNJ):
            continue
        out.append(c)
    while out and out[-1] == ZWNJ:
        out.pop()
    w = "".join(out)
    if not w or any(c not in LETTERS and c != ZWNJ for c in w):
        return None
    return w


def weight(zipf):
    return max(1, min(255, 1 + round(10 * zipf)))


def read_wheel(dl, name):
    data = (dl / name).read_bytes()
    got = hashlib.sha256(data).hexdigest()
    if got != WHEELS[name]:
        sys.exit(f"{name}: sha256 {got} does not match {WHEELS[name]}")
    return zipfile.ZipFile(io.BytesIO(data))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dl", type=Path, default=Path("/tmp/norm/dl"))
    ap.add_argument("--out", type=Path, default=Path("/tmp/norm/lexicon.tsv"))
    ap.add_argument("--heads-min", type=int, default=25,
                    help="a second part seen in this many ZWNJ compounds is a productive head")
    ap.add_argument("--derived-min", type=int, default=10,
                    help="a verb form seen as the second part of this many compounds is a "
                         "derived compound head")
    ap.add_argument("--web-ratio", type=float, default=2.0,
                    help="a compound of two words that shekar's web vocabulary writes both ways, "
                         "joined more than this many times as often as with its ZWNJ, is taken as "
                         "joined (0 = off)")
    ap.add_argument("--al-min", type=int, default=3,
                    help="a first part seen before ال in this many compounds takes the article")
    ap.add_argument("--keep-uncounted", action="store_true",
                    help="keep joined dictionary words without a count (adds ~400 KB gzip)")
    a = ap.parse_args()

    hz = read_wheel(a.dl, "hazm-0.10.0-py3-none-any.whl")
    sk = read_wheel(a.dl, "shekar-1.7.0-py3-none-any.whl")

    joined = defaultdict(float)  # key -> best zipf of the joined spelling (-1 = no count)
    zwnj = defaultdict(dict)  # key -> {zwnj form: zipf}
    verbs = set()

    def add(form, zipf):
        w = clean(form)
        if w is None or len(w.replace(ZWNJ, "")) > MAX_CHARS:
            return
        k = w.replace(ZWNJ, "")
        if ZWNJ in w:
            zwnj[k][w] = max(zwnj[k].get(w, -1.0), zipf)
        else:
            joined[k] = max(joined.get(k, -1.0), zipf)

    # hazm words.dat: word<TAB>count<TAB>tags. Most entries have count 0 (dictionary words).
    rows = [l.split("\t") for l in hz.read("hazm/data/words.dat").decode("utf-8").splitlines()]
    # Entries with a count are lemmas; the uncounted ones include inflected forms (مهمترین).
    lemmas = {clean(r[0]) for r in rows if len(r) > 1 and r[1].isdigit() and int(r[1]) > 0}
    adjectives = {clean(r[0]) for r in rows
                  if len(r) > 2 and {"AJ", "AJC", "ADV"} & set(r[2].split(","))}
    total = sum(int(r[1]) for r in rows if len(r) > 1 and r[1].isdigit())
    for r in rows:
        c = int(r[1]) if len(r) > 1 and r[1].isdigit() else 0
        add(r[0], math.log10(c / total * 1e9) if c > 0 else 0.0)

    # shekar vocab.csv: word,count.
    rows = [l.rsplit(",", 1) for l in sk.read("shekar/data/files/vocab.csv").decode("utf-8").splitlines()]
    total = sum(int(r[1]) for r in rows if len(r) == 2 and r[1].isdigit())
    web = defaultdict(int)  # cleaned spelling -> count in shekar's web vocabulary
    for r in rows:
        if len(r) == 2 and r[1].isdigit() and int(r[1]) > 0:
            add(r[0], math.log10(int(r[1]) / total * 1e9))
            w = clean(r[0])
            if w:
                web[w] += int(r[1])

    # shekar compound_words.csv: ZWNJ compounds without counts.
    heads = defaultdict(set)
    for l in sk.read("shekar/data/files/compound_words.csv").decode("utf-8").splitlines():
        if "#" in l:
            continue
        add(l, 0.0)
    # Productive heads: second parts of many ZWNJ compounds (…کننده، …گیری، …رسانی).
    for k, forms in zwnj.items():
        for f in forms:
            parts = f.split(ZWNJ)
            if len(parts) == 2 and len(parts[1]) >= 3:
                heads[parts[1]].add(parts[0])

    al_heads = defaultdict(set)
    for k, forms in zwnj.items():
        for f in forms:
            parts = f.split(ZWNJ)
            if len(parts) == 2 and parts[1].startswith("ال") and len(parts[1]) >= 4:
                al_heads[parts[0]].add(parts[1])

    # Verb forms from hazm's conjugator, without the می/نمی prefixes (the splitter adds those).
    sys.path.insert(0, str(a.dl))
    from hazm import Lemmatizer  # the installed hazm 0.10.0, same version as the wheel

    for form in Lemmatizer(joined_verb_parts=False).verbs:
        w = clean(form)
        if w is None or ZWNJ in w or " " in form:
            continue
        if w.startswith("می") or w.startswith("نمی"):
            continue
        verbs.add(w)
        if w not in joined:
            joined[w] = 0.0
    # shekar verbs.csv: present,past stems (…,…); past participles and stems are verb forms.
    for l in sk.read("shekar/data/files/verbs.csv").decode("utf-8").splitlines():
        p = l.split(",")
        for s in p[:2]:
            s = clean(s)
            if s:
                verbs.add(s)
                joined.setdefault(s, 0.0)

    firsts = {f.split(ZWNJ)[0] for forms in zwnj.values() for f in forms}
    seconds = {"".join(f.split(ZWNJ)[i:]) for forms in zwnj.values() for f in forms
               for i in range(1, f.count(ZWNJ) + 1)}
    keys = set(joined) | set(zwnj)
    out = []
    n_heads = 0
    n_web = 0
    # The project's affix lists: a ZWNJ before a suffix or after a prefix is the splitter's.
    data = Path(__file__).resolve().parents[2] / "data" / "norm"
    def first_column(name):
        return {l.split("\t")[0] for l in (data / name).read_text(encoding="utf-8").splitlines()
                if l and not l.startswith("#")}

    suffixes = first_column("suffixes.tsv")
    prefixes = first_column("prefixes.tsv")
    for k in keys:
        jw = weight(joined[k]) if k in joined else 0
        # Dictionary words without a count add size but little: they are dropped unless they
        # are verb forms, have a ZWNJ spelling or head compounds.
        if jw == 1 and not zwnj.get(k) and k not in verbs and not a.keep_uncounted \
                and len(heads.get(k, ())) < a.heads_min and len(al_heads.get(k, ())) < a.al_min:
            continue
        zw, mask = 0, 0
        if zwnj.get(k):
            best = max(zwnj[k].items(), key=lambda x: (x[1], -x[0].count(ZWNJ), x[0]))
            zw = weight(best[1])
            # hazm's counts come from text that spells compounds with a ZWNJ; web text shows
            # how writers spell them. A compound of words (not an affix: those are the
            # splitter's) that the web writes both ways, but joined --web-ratio times as often,
            # is a lexicalized word written joined (روشنفکر، نگهداری، کوهنورد): its ZWNJ spelling
            # must not outweigh it. (A ZWNJ spelling the web lacks says nothing: the vocabulary
            # misses many, برنامه‌ریزی among them.)
            parts = best[0].split(ZWNJ)
            if a.web_ratio > 0 and jw > 1 and parts[0] not in prefixes \
                    and not any(p in suffixes for p in parts[1:]) \
                    and 0 < a.web_ratio * web.get(best[0], 0) < web.get(k, 0):
                zw = max(1, min(zw, jw - 1))
                n_web += 1
            i = 0
            for c in best[0]:
                if c == ZWNJ:
                    mask |= 1 << i
                else:
                    i += 1
        v = jw | (zw << 8) | (mask << 24)
        if k in verbs:
            v |= 1 << 16
        if len(heads.get(k, ())) >= a.heads_min:
            v |= 1 << 17
            n_heads += 1
        if k in firsts:
            v |= 1 << 20
        if k in seconds:
            v |= 1 << 21
        if k in lemmas:
            v |= 1 << 19
        if k in adjectives:
            v |= 1 << 23
        if len(al_heads.get(k, ())) >= a.al_min:
            v |= 1 << 18
        # (An agent noun, present stem + نده (کننده، دهنده), is one too, though it ends in ه.)
        agent = any(k.endswith(e) and k[:-len(e)] in verbs for e in ("نده", "ندگان"))
        if len(heads.get(k, ())) >= a.derived_min and (agent or k in verbs and k[-1] not in "هنتد"
                                                       and (k[-1] == "ی" or k not in lemmas)):
            v |= 1 << 22
        out.append((k.encode("utf-8"), v))
    out.sort()
    with open(a.out, "w", encoding="utf-8") as f:
        for k, v in out:
            f.write(f"{k.decode('utf-8')}\t{v}\n")
    print(f"{len(out)} keys, {sum(1 for k in zwnj if zwnj[k])} with a ZWNJ form, "
          f"{len(verbs)} verb forms, {n_heads} compound heads, {n_web} compounds joined by web "
          f"usage -> {a.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
