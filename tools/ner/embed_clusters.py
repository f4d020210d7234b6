#!/usr/bin/env python3
"""Adds word2vec clusters to the word-cluster table of the tagger (`data/ner/clusters.tsv`).

    cargo run --release --example train_ner -- clusters /work/shared/data/news/articles /tmp/negah-clusters.tsv
    DUMP=/tmp/negah-news.txt cargo run --release --example train_ner -- clusters /work/shared/data/news/articles /dev/null
    python3 -m venv /tmp/negah-venv && /tmp/negah-venv/bin/pip install gensim==4.4.0 scikit-learn==1.9.1
    PYTHONHASHSEED=0 OMP_NUM_THREADS=1 /tmp/negah-venv/bin/python tools/ner/embed_clusters.py \
        /tmp/negah-news.txt /tmp/negah-clusters.tsv data/ner/clusters.tsv

Reads the folded token text of the news articles (one document a line, written by
`train_ner clusters` with `DUMP`) and the table `train_ner clusters` writes (word, fine,
coarse cluster of its neighbour-count vector). Trains skip-gram word2vec on the text (window
2, 100 dimensions, one thread, fixed seed, so the table is reproducible) and writes, for the
30,000 most frequent words seen at least three times, sorted by word:

    word \t neighbour-count fine cluster (600 = none) \t word2vec cluster of 300 \t word2vec cluster of 80

The word2vec clusters group words by topic as well as by syntax (window 2, whole-word
vectors), which the small ARMAN corpus profits from (docs/entities.md, variants table).
"""
import sys
from collections import Counter

import numpy as np
from gensim.models import Word2Vec
from sklearn.cluster import KMeans


def main(text, base, out):
    docs = [line.split() for line in open(text, encoding="utf-8")]
    fine = {}
    for line in open(base, encoding="utf-8"):
        parts = line.rstrip("\n").split("\t")
        if len(parts) >= 2:
            fine[parts[0]] = parts[1]
    count = Counter(w for d in docs for w in d)
    vocab = sorted((w for w, c in count.items() if c >= 3), key=lambda w: (-count[w], w.encode()))
    vocab = vocab[:30000]
    model = Word2Vec(
        sentences=docs,
        vector_size=100,
        window=2,
        min_count=3,
        sg=1,
        negative=10,
        epochs=10,
        workers=1,
        seed=1,
    )
    vecs = np.array([model.wv[w] for w in vocab], dtype=np.float64)
    vecs /= np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-9)
    mid = KMeans(300, n_init=1, random_state=0, max_iter=50).fit_predict(vecs)
    coarse = KMeans(80, n_init=1, random_state=0, max_iter=50).fit_predict(vecs)
    lines = sorted(
        f"{w}\t{fine.get(w, '600')}\t{m}\t{c}\n" for w, m, c in zip(vocab, mid, coarse)
    )
    with open(out, "w", encoding="utf-8") as fh:
        fh.writelines(lines)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3])
