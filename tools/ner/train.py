#!/usr/bin/env python3
"""Trains the neural entity tagger (hash-embedding window CNN, two label heads).

Inputs are the per-token ids written by the product's own featurizer
(`cargo run --release --example ner_features -- IN.conll OUT.ids`, see src/entities/net.rs),
so training and tagging read the same features. One command does everything:

    tools/ner/train.sh            # ids, training, export to data/ner/net.bin

Model: per-token embeddings of the id columns (tables per feature kind, concatenated) ->
linear + LayerNorm + GELU to width W -> DEPTH residual layers (window +-1 convolution,
LayerNorm, GELU) -> one linear output per head (PEYMA 7 types, ARMAN 6; BIO labels),
softmax cross-entropy, decoded with a BIO-constrained Viterbi. Fixed seeds; one thread.
"""
import argparse
import json
import math
import os
import sys
import time

import numpy as np

NF = 14  # columns of net::token_ids; 16 with the stacked columns (net::stack_ids)
NONE = 0xFFFFFFFF
PEYMA_TYPES = ["PER", "ORG", "LOC", "DAT", "TIM", "MON", "PCT"]
ARMAN_TYPES = ["PER", "ORG", "LOC", "FAC", "PRO", "EVE"]
ARMAN_MAP = {"pers": "PER", "org": "ORG", "loc": "LOC", "fac": "FAC", "pro": "PRO", "event": "EVE"}

# Tables: (name, rows, dim, hashed). Groups: (table index, columns summed into one slot).
def tables(cfg):
    return [
        ("words", cfg.word_rows, cfg.word_dim, True),
        ("affixes", cfg.affix_rows, cfg.affix_dim, True),
        ("shapes", cfg.shape_rows, cfg.small_dim, True),
        ("fine", 601, cfg.small_dim, False),
        ("w2v300", 301, cfg.small_dim, False),
        ("w2v80", 81, cfg.small_dim, False),
        ("gaz", 256, cfg.gaz_dim, False),
    ] + ([("first", 32, cfg.small_dim, False), ("summ", 128, cfg.small_dim, False)] if cfg.stack else [])


BASE_GROUPS = [(0, [0, 1]), (1, [2, 3, 4]), (1, [5, 6, 7, 8]), (2, [9]), (3, [10]), (4, [11]), (5, [12]), (6, [13])]
STACK_GROUPS = [(7, [14]), (8, [15])]
COL_TABLE = [0, 0, 1, 1, 1, 1, 1, 1, 1, 2, 3, 4, 5, 6, 7, 8]
GROUPS = BASE_GROUPS


def read_ids(path, types, tagmap=None):
    sents = []
    ids, tags = [], []
    with open(path, encoding="utf8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                if ids:
                    sents.append((np.array(ids, dtype=np.uint64), labels(tags, types, tagmap)))
                    ids, tags = [], []
                continue
            a, t = line.split("\t")
            ids.append([int(x) for x in a.split(" ")])
            tags.append(t)
    if ids:
        sents.append((np.array(ids, dtype=np.uint64), labels(tags, types, tagmap)))
    return sents


def labels(tags, types, tagmap):
    out = []
    prev = 0
    for t in tags:
        l = 0
        if "-" in t:
            bi, ty = t.split("-", 1)
            if tagmap:
                ty = tagmap.get(ty, ty)
            if ty in types:
                b = 2 * types.index(ty) + 1
                l = b if (bi == "B" or prev not in (b, b + 1)) else b + 1
        out.append(l)
        prev = l
    return np.array(out, dtype=np.int32)


def rows_of(ids, tabs):
    """Hashed ids -> rows (hash * rows >> 32); exact ids as they are; NONE -> rows (zero row)."""
    out = np.empty(ids.shape, dtype=np.int32)
    for c in range(ids.shape[1]):
        name, rows, _, hashed = tabs[COL_TABLE[c]]
        col = ids[:, c]
        none = col == NONE
        r = ((col * np.uint64(rows)) >> np.uint64(32)) if hashed else np.minimum(col, rows - 1)
        r = np.where(none, rows, r)
        out[:, c] = r.astype(np.int32)
    return out


def allowed(prev, cur):
    """BIO: I-k only after B-k or I-k; prev None = start."""
    if cur == 0 or cur % 2 == 1:
        return True
    return prev is not None and prev in (cur - 1, cur)


def viterbi(scores):
    n, L = scores.shape
    trans = np.full((L, L), -1e9, dtype=np.float32)
    for p in range(L):
        for c in range(L):
            if allowed(p, c):
                trans[p, c] = 0
    start = np.array([0 if allowed(None, c) else -1e9 for c in range(L)], dtype=np.float32)
    s = start + scores[0]
    back = np.zeros((n, L), dtype=np.int32)
    for i in range(1, n):
        t = s[:, None] + trans
        back[i] = t.argmax(0)
        s = t.max(0) + scores[i]
    out = [int(s.argmax())]
    for i in range(n - 1, 0, -1):
        out.append(int(back[i, out[-1]]))
    return out[::-1]


def spans(l):
    out, i = set(), 0
    while i < len(l):
        if l[i] % 2 == 1:
            j = i + 1
            while j < len(l) and l[j] == l[i] + 1:
                j += 1
            out.add((i, j, l[i]))
            i = j
        else:
            i += 1
    return out


def f1(gold, pred):
    tp = fp = fn = 0
    for g, p in zip(gold, pred):
        gs, ps = spans(list(g)), spans(list(p))
        tp += len(gs & ps)
        fp += len(ps - gs)
        fn += len(gs - ps)
    pr = tp / max(tp + fp, 1)
    rc = tp / max(tp + fn, 1)
    return 200 * pr * rc / max(pr + rc, 1e-9)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="/tmp/tg")
    ap.add_argument("--out", default="/tmp/tg/run")
    ap.add_argument("--word-rows", type=int, default=1 << 15)
    ap.add_argument("--affix-rows", type=int, default=1 << 13)
    ap.add_argument("--shape-rows", type=int, default=1 << 10)
    ap.add_argument("--word-dim", type=int, default=64)
    ap.add_argument("--affix-dim", type=int, default=48)
    ap.add_argument("--small-dim", type=int, default=32)
    ap.add_argument("--gaz-dim", type=int, default=16)
    ap.add_argument("--width", type=int, default=96)
    ap.add_argument("--depth", type=int, default=4)
    ap.add_argument("--epochs", type=int, default=12)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--dropout", type=float, default=0.2)
    ap.add_argument("--group-drop", type=float, default=0.1)
    ap.add_argument("--batch-tokens", type=int, default=1024)
    ap.add_argument("--arman-weight", type=float, default=1.0)
    ap.add_argument("--no-extra", action="store_true")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--max-minutes", type=float, default=1e9)
    ap.add_argument("--limit", type=int, default=0, help="smoke test: first N sentences of each set")
    ap.add_argument("--pretrain", help="ids of unlabelled text (ner_features output) to pretrain the encoder on")
    ap.add_argument("--pretrain-epochs", type=int, default=1)
    ap.add_argument("--stack", action="store_true", help="ids files carry the stacked columns 14, 15")
    ap.add_argument("--val-every", type=int, default=20,
                    help="every Nth block of 50 training sentences is internal validation (0: none)")
    cfg = ap.parse_args()
    global NF, GROUPS
    if cfg.stack:
        NF, GROUPS = 16, BASE_GROUPS + STACK_GROUPS
    os.makedirs(cfg.out, exist_ok=True)

    import jax
    import jax.numpy as jnp
    import optax

    # Compiled steps are cached across runs (one shape per length bucket).
    jax.config.update("jax_compilation_cache_dir", "/tmp/negah-ner-jax-cache")
    jax.config.update("jax_persistent_cache_min_compile_time_secs", 1)

    tabs = tables(cfg)
    t0 = time.time()
    peyma = read_ids(f"{cfg.data}/peyma_train.ids", PEYMA_TYPES)
    if not cfg.no_extra:
        peyma += read_ids(f"{cfg.data}/peyma_extra.ids", PEYMA_TYPES)
    arman = read_ids(f"{cfg.data}/arman_train.ids", ARMAN_TYPES, ARMAN_MAP)
    pdev = read_ids(f"{cfg.data}/peyma_dev.ids", PEYMA_TYPES)
    adev = read_ids(f"{cfg.data}/arman_dev.ids", ARMAN_TYPES, ARMAN_MAP)
    if cfg.limit:
        peyma, arman, pdev, adev = (x[: cfg.limit] for x in (peyma, arman, pdev, adev))
    # Internal validation (early stopping): every Nth block of 50 training sentences of each
    # corpus; the dev sets reported are never used to choose anything.
    def split(sents):
        if not cfg.val_every:
            return sents, []
        v = lambda i: (i // 50) % cfg.val_every == cfg.val_every - 1
        return [s for i, s in enumerate(sents) if not v(i)], [s for i, s in enumerate(sents) if v(i)]
    peyma, pval = split(peyma)
    arman, aval = split(arman)
    print(f"read {len(peyma)} + {len(arman)} train, {len(pdev)} + {len(adev)} dev sentences in {time.time()-t0:.0f}s", flush=True)

    def prep(sents, head):
        return [(rows_of(ids, tabs), y, head) for ids, y in sents]

    train = prep(peyma, 0) + prep(arman, 1)
    pdev, adev = prep(pdev, 0), prep(adev, 1)
    pval, aval = prep(pval, 0), prep(aval, 1)
    LP, LA = 2 * len(PEYMA_TYPES) + 1, 2 * len(ARMAN_TYPES) + 1
    W, D = cfg.width, cfg.depth

    rng = np.random.default_rng(cfg.seed)
    key = jax.random.PRNGKey(cfg.seed)

    def init():
        nonlocal key
        p = {}
        for name, rows, dim, _ in tabs:
            key, k = jax.random.split(key)
            p[f"emb_{name}"] = jax.random.normal(k, (rows + 1, dim)) * 0.1
        din = sum(tabs[t][2] for t, _ in GROUPS)
        key, k = jax.random.split(key)
        p["in_w"] = jax.random.normal(k, (din, W)) * math.sqrt(2 / din)
        p["in_b"] = jnp.zeros(W)
        p["in_g"], p["in_beta"] = jnp.ones(W), jnp.zeros(W)
        for d in range(D):
            key, k = jax.random.split(key)
            p[f"c{d}_w"] = jax.random.normal(k, (3 * W, W)) * math.sqrt(1 / (3 * W))
            p[f"c{d}_b"] = jnp.zeros(W)
            p[f"c{d}_g"], p[f"c{d}_beta"] = jnp.ones(W), jnp.zeros(W)
        for h, L in (("p", LP), ("a", LA)):
            key, k = jax.random.split(key)
            p[f"out_{h}_w"] = jax.random.normal(k, (W, L)) * math.sqrt(1 / W)
            p[f"out_{h}_b"] = jnp.zeros(L)
        return p

    def ln(x, g, b):
        m = x.mean(-1, keepdims=True)
        v = ((x - m) ** 2).mean(-1, keepdims=True)
        return (x - m) / jnp.sqrt(v + 1e-5) * g + b

    gelu = lambda x: jax.nn.gelu(x, approximate=True)

    def forward(p, rows, mask, train_key=None):
        h = encode(p, rows, mask, train_key)
        return h @ p["out_p_w"] + p["out_p_b"], h @ p["out_a_w"] + p["out_a_b"]

    def encode(p, rows, mask, train_key=None):
        # rows: (B, T, NF) int32; mask (B, T)
        slots = []
        for t, cols in GROUPS:
            name, nrows = tabs[t][0], tabs[t][1]
            tab = p[f"emb_{name}"]
            e = 0
            for c in cols:
                r = rows[..., c]
                e = e + tab[r] * (r != nrows)[..., None]
            slots.append(e)
        if train_key is not None and cfg.group_drop > 0:
            train_key, k = jax.random.split(train_key)
            keep = jax.random.bernoulli(k, 1 - cfg.group_drop, rows.shape[:2] + (len(GROUPS),))
            slots = [s * keep[..., g : g + 1] for g, s in enumerate(slots)]
        x = jnp.concatenate(slots, -1)
        h = gelu(ln(x @ p["in_w"] + p["in_b"], p["in_g"], p["in_beta"]))
        m = mask[..., None]
        h = h * m
        for d in range(D):
            left = jnp.pad(h, ((0, 0), (1, 0), (0, 0)))[:, :-1]
            right = jnp.pad(h, ((0, 0), (0, 1), (0, 0)))[:, 1:]
            y = jnp.concatenate([left, h, right], -1) @ p[f"c{d}_w"] + p[f"c{d}_b"]
            y = gelu(ln(y, p[f"c{d}_g"], p[f"c{d}_beta"]))
            if train_key is not None and cfg.dropout > 0:
                train_key, k = jax.random.split(train_key)
                y = y * jax.random.bernoulli(k, 1 - cfg.dropout, y.shape) / (1 - cfg.dropout)
            h = (h + y) * m
        return h

    def loss_fn(p, rows, y, mask, head, k):
        lp, la = forward(p, rows, mask, k)
        ce_p = optax.softmax_cross_entropy_with_integer_labels(lp, jnp.minimum(y, LP - 1))
        ce_a = optax.softmax_cross_entropy_with_integer_labels(la, jnp.minimum(y, LA - 1))
        hp = (head == 0)[:, None] * mask
        ha = (head == 1)[:, None] * mask * cfg.arman_weight
        return ((ce_p * hp).sum() + (ce_a * ha).sum()) / mask.sum()

    def pretrain(params):
        """Pretraining on unlabelled text (spaCy's `pretrain` idea): 15% of the tokens are
        hidden (all their ids absent) and the encoder predicts each hidden token's word2vec
        cluster (column 11) from its context. Only the encoder and tables are kept."""
        sents = read_ids(cfg.pretrain, PEYMA_TYPES)
        if cfg.limit:
            sents = sents[: cfg.limit]
        def widen(r):  # text without the stacked columns: those ids are absent
            extra = [np.full(len(r), tabs[COL_TABLE[c]][1], np.int32) for c in range(r.shape[1], NF)]
            return np.column_stack([r] + extra) if extra else r
        data = []
        for ids, _ in sents:
            r = widen(rows_of(ids, tabs))
            data.append((r, r[:, 11].astype(np.int32), 0))
        print(f"pretraining on {len(data)} sentences, {sum(len(d[1]) for d in data)} tokens", flush=True)
        nonlocal key
        key, k = jax.random.split(key)
        K = tabs[COL_TABLE[11]][1] - 1  # clusters; K itself is "no cluster"
        params = dict(params, pre_w=jax.random.normal(k, (W, K)) * math.sqrt(1 / W), pre_b=jnp.zeros(K))
        none_rows = jnp.array([tabs[COL_TABLE[c]][1] for c in range(NF)], dtype=jnp.int32)
        steps = sum(1 for _ in batches(data, True)) * cfg.pretrain_epochs
        psched = optax.warmup_cosine_decay_schedule(0.0, cfg.lr, min(500, steps // 10), steps, cfg.lr * 0.1)
        popt = optax.chain(optax.clip_by_global_norm(1.0), optax.adam(psched))
        pstate = popt.init(params)

        def ploss(p, rows, y, mask, k):
            k1, k2 = jax.random.split(k)
            hide = jax.random.bernoulli(k1, 0.15, mask.shape) * (mask > 0)
            rows = jnp.where(hide[..., None], none_rows, rows)
            h = encode(p, rows, mask, k2)
            logits = h @ p["pre_w"] + p["pre_b"]
            ce = optax.softmax_cross_entropy_with_integer_labels(logits, jnp.minimum(y, K - 1))
            w = hide * (y < K)
            return (ce * w).sum() / jnp.maximum(w.sum(), 1.0)

        @jax.jit
        def pstep(p, s, rows, y, mask, k):
            l, g = jax.value_and_grad(ploss)(p, rows, y, mask, k)
            u, s = popt.update(g, s, p)
            return optax.apply_updates(p, u), s, l

        for ep in range(cfg.pretrain_epochs):
            te, tot, nb = time.time(), 0.0, 0
            for g, rows, y, mask, head in batches(data, True):
                key, k = jax.random.split(key)
                params, pstate, l = pstep(params, pstate, rows, y, mask, k)
                tot += float(l)
                nb += 1
                if nb % 200 == 0:
                    print(f"  pretrain {ep+1} batch {nb} loss {tot/nb:.4f} {time.time()-te:.0f}s", flush=True)
            print(json.dumps(dict(pretrain_epoch=ep + 1, loss=tot / max(nb, 1), secs=time.time() - te)), flush=True)
        params.pop("pre_w")
        params.pop("pre_b")
        return params

    def bucket(n):
        # Few shapes: every shape is one XLA compilation (minutes on a loaded machine).
        for b in (16, 32, 64, 128, 256):
            if n <= b:
                return b
        return int(math.ceil(n / 256) * 256)

    def batches(data, shuffle):
        order = np.argsort([len(d[1]) for d in data], kind="stable")
        groups = []
        cur, cur_t = [], 0
        for i in order:
            tb = bucket(len(data[i][1]))
            if cur and (bucket(len(data[cur[0]][1])) != tb or (len(cur) + 1) * tb > cfg.batch_tokens):
                groups.append(cur)
                cur = []
            cur.append(i)
        if cur:
            groups.append(cur)
        if shuffle:
            rng.shuffle(groups)
        for g in groups:
            T = bucket(max(len(data[i][1]) for i in g))
            B = max(1, cfg.batch_tokens // T)  # same shapes in training and evaluation
            rows = np.zeros((B, T, NF), dtype=np.int32)
            for c in range(NF):
                rows[..., c] = tabs[COL_TABLE[c]][1]
            y = np.zeros((B, T), dtype=np.int32)
            mask = np.zeros((B, T), dtype=np.float32)
            head = np.zeros(B, dtype=np.int32)
            for j, i in enumerate(g):
                r, l, h = data[i]
                n = len(l)
                rows[j, :n], y[j, :n], mask[j, :n], head[j] = r, l, 1, h
            yield g, rows, y, mask, head

    params = init()
    nparams = sum(int(np.prod(v.shape)) for v in params.values())
    print(f"params {nparams:,}", flush=True)
    if cfg.pretrain:
        params = pretrain(params)
    steps_per_epoch = sum(1 for _ in batches(train, True))
    total = steps_per_epoch * cfg.epochs
    sched = optax.warmup_cosine_decay_schedule(0.0, cfg.lr, min(1000, total // 10), total, cfg.lr * 0.02)
    # The learning rate is an argument of the step, so that the compiled step does not depend
    # on the schedule (runs with other epoch counts reuse the compilation cache).
    opt = optax.chain(optax.clip_by_global_norm(1.0), optax.inject_hyperparams(optax.adam)(learning_rate=cfg.lr))
    state = opt.init(params)

    @jax.jit
    def step(p, s, rows, y, mask, head, k, lr):
        l, g = jax.value_and_grad(loss_fn)(p, rows, y, mask, head, k)
        s[1].hyperparams["learning_rate"] = lr
        u, s = opt.update(g, s, p)
        return optax.apply_updates(p, u), s, l

    @jax.jit
    def predict(p, rows, mask):
        lp, la = forward(p, rows, mask)
        return jax.nn.log_softmax(lp), jax.nn.log_softmax(la)

    def evaluate(p, data):
        preds = [None] * len(data)
        for g, rows, y, mask, head in batches(data, False):
            lp, la = predict(p, rows, mask)
            lp, la = np.asarray(lp), np.asarray(la)
            for j, i in enumerate(g):
                n = len(data[i][1])
                sc = lp[j, :n] if data[i][2] == 0 else la[j, :n]
                preds[i] = viterbi(sc)
        return f1([d[1] for d in data], preds), preds

    log = []
    best = -1.0
    nstep = 0
    t_start = time.time()
    for ep in range(cfg.epochs):
        te = time.time()
        tot, nb = 0.0, 0
        for g, rows, y, mask, head in batches(train, True):
            key, k = jax.random.split(key)
            params, state, l = step(params, state, rows, y, mask, head, k, jnp.float32(sched(nstep)))
            nstep += 1
            tot += float(l)
            nb += 1
            if nb % 200 == 0:
                print(f"  ep {ep+1} batch {nb}/{steps_per_epoch} loss {tot/nb:.4f} {time.time()-te:.0f}s", flush=True)
        fp, _ = evaluate(params, pdev)
        fa, _ = evaluate(params, adev)
        vp = evaluate(params, pval)[0] if pval else 0.0
        va = evaluate(params, aval)[0] if aval else 0.0
        rec = dict(epoch=ep + 1, loss=tot / nb, peyma=fp, arman=fa, val_peyma=vp, val_arman=va, secs=time.time() - te)
        # Keep the epoch with the best internal validation (mean of both corpora).
        rec["kept"] = not pval or (vp + va) / 2 > best
        log.append(rec)
        print(json.dumps(rec), flush=True)
        if rec["kept"]:
            best = (vp + va) / 2
            np.savez(f"{cfg.out}/params.npz", **{k: np.asarray(v) for k, v in params.items()})
        json.dump(dict(config=vars(cfg), log=log, tables=tabs, groups=GROUPS), open(f"{cfg.out}/log.json", "w"), indent=1)
        if (time.time() - t_start) / 60 > cfg.max_minutes:
            print("time budget reached", flush=True)
            break


if __name__ == "__main__":
    main()
