//! Training command of the entity tagger (see `data/ner/PROVENANCE.md`).
//!
//! ```sh
//! # 1. word clusters from the news texts (the table ships, the texts do not): neighbour-count
//! #    clusters here, then word2vec clusters added by tools/ner/embed_clusters.py (its
//! #    docstring has the venv line)
//! cargo run --release --example train_ner -- clusters /work/shared/data/news/articles /tmp/negah-clusters.tsv
//! DUMP=/tmp/negah-news.txt cargo run --release --example train_ner -- clusters /work/shared/data/news/articles /dev/null
//! PYTHONHASHSEED=0 OMP_NUM_THREADS=1 /tmp/negah-venv/bin/python tools/ner/embed_clusters.py \
//!     /tmp/negah-news.txt /tmp/negah-clusters.tsv data/ner/clusters.tsv
//! # (the name lists are flattened once after derivation: tools/ner/derive_gazetteers.sh)
//! # 2. dev splits + training of both heads; writes data/ner/model.bin
//! cargo run --release --example train_ner -- train /work/shared/data/ner data/ner/model.bin
//! ```
//! `train` also writes the dev splits it held out to `/tmp/negah-ner/` (`peyma_dev.txt`,
//! `arman_dev.txt`) for `negah tag --conll` and `score_ner.py`.
//! Options (env): `EPOCHS` (default 8), `BITS` (hash bits, 20), `ROWS` (rows kept, 115000),
//! `ZERO` (quantized weights below this become 0, 4), `TWO_HEADS` (see below), `NOEXTRA`
//! (leave PEYMA's extra 600K part out), `DOC` (1: second pass with document features; 0: one
//! pass), `FOLDS` (5) and `JKEPOCHS` (5) of the jackknife that gives the training data its
//! first-pass labels, `DROP` (30: percent of sentences trained without document features in
//! each epoch, so the same weights serve the first pass), `DOCWIN` (window in sentences,
//! `entities::DOC_WINDOW`), `JKCACHE` (a file to keep the jackknife's labels in and reuse
//! them from: experiments that change only the final fit), `OBJ=crf` (train the final
//! weights as a linear-chain CRF instead: `ETA`, `L2`, `WD`, `AVG`, `GMIN`, see
//! `Trainer::fit_crf`; measured worse than the perceptron, docs/entities.md).
//! `clusters` reads `VOCAB` (30000), `CONTEXT` (2000), `KFINE` (600), `KCOARSE` (80), `SEED`
//! (0), `DUMP` (write the folded token text there instead of clustering), and `CONLL`
//! (colon-separated CoNLL files whose tokens are added to the text; not used for the
//! committed table).

use negah::entities::features::{
    doc_features, doc_key, doc_summaries, lookup_form, Lexicons, Prepared,
};
use negah::entities::tagger::{allowed, viterbi, Head, Label, Model, ARMAN_TYPES, PEYMA_TYPES};
use negah::entities::EntityType;
use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::Path;

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn unit(&mut self) -> f32 {
        (self.next() >> 40) as f32 / (1u64 << 24) as f32
    }
}

// ---------------------------------------------------------------- clusters

fn clusters(dir: &Path, out: &Path) {
    let v_max = env("VOCAB", 30000);
    let c_max = env("CONTEXT", 2000);
    let k_fine = env("KFINE", 600);
    let k_coarse = env("KCOARSE", 80);
    let d = 96;
    let mut docs: Vec<Vec<String>> = Vec::new();
    let mut count: HashMap<String, u32> = HashMap::new();
    let mut paths: Vec<_> = fs::read_dir(dir)
        .expect("news dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    paths.sort();
    for p in paths {
        let Ok(text) = fs::read_to_string(&p) else {
            continue;
        };
        let norm = negah::normalize(&text, &Default::default()).text;
        let toks: Vec<String> = negah::segment::tokenize(&norm)
            .iter()
            .map(|t| lookup_form(&norm[t.range.clone()]))
            .collect();
        for t in &toks {
            *count.entry(t.clone()).or_default() += 1;
        }
        docs.push(toks);
    }
    // Token text of CoNLL files (words only, no labels) widens the vocabulary.
    if let Ok(list) = std::env::var("CONLL") {
        for p in list.split(':') {
            for (toks, _) in read_conll(Path::new(p)) {
                let toks: Vec<String> = toks.iter().map(|t| lookup_form(t)).collect();
                for t in &toks {
                    *count.entry(t.clone()).or_default() += 1;
                }
                docs.push(toks);
            }
        }
    }
    // DUMP=path: the folded token text, one document a line (for tools/ner/ embeddings).
    if let Ok(p) = std::env::var("DUMP") {
        let text: String = docs
            .iter()
            .map(|d| {
                let ws: Vec<&str> = d
                    .iter()
                    .filter(|w| !w.contains([' ', '\t', '\n']) && !w.is_empty())
                    .map(String::as_str)
                    .collect();
                ws.join(" ") + "\n"
            })
            .collect();
        fs::write(p, text).expect("dump");
        return;
    }
    let mut vocab: Vec<(&String, &u32)> = count.iter().filter(|(_, &c)| c >= 3).collect();
    vocab.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    vocab.truncate(v_max);
    let vid: HashMap<&str, usize> = vocab
        .iter()
        .enumerate()
        .map(|(i, (w, _))| (w.as_str(), i))
        .collect();
    eprintln!(
        "{} docs, {} types, vocab {}",
        docs.len(),
        count.len(),
        vocab.len()
    );
    // Context counts: left and right neighbours among the c_max most frequent words.
    let mut ctx: Vec<BTreeMap<u32, f32>> = vec![BTreeMap::new(); vocab.len()];
    for toks in &docs {
        for i in 0..toks.len() {
            let Some(&w) = vid.get(toks[i].as_str()) else {
                continue;
            };
            if i > 0 {
                if let Some(&c) = vid.get(toks[i - 1].as_str()) {
                    if c < c_max {
                        *ctx[w].entry(c as u32).or_default() += 1.0;
                    }
                }
            }
            if i + 1 < toks.len() {
                if let Some(&c) = vid.get(toks[i + 1].as_str()) {
                    if c < c_max {
                        *ctx[w].entry((c + c_max) as u32).or_default() += 1.0;
                    }
                }
            }
        }
    }
    // Random projection of log counts (PPMI-like weighting by context frequency).
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ env("SEED", 0) as u64);
    let proj: Vec<f32> = (0..2 * c_max * d)
        .map(|_| if rng.next() & 1 == 0 { 1.0 } else { -1.0 })
        .collect();
    let mut vecs = vec![0f32; vocab.len() * d];
    for (w, m) in ctx.iter().enumerate() {
        let v = &mut vecs[w * d..(w + 1) * d];
        for (&c, &n) in m {
            let cf = *vocab[(c as usize) % c_max].1 as f32;
            let wt = (1.0 + n).ln() / (1.0 + cf).ln().max(1.0);
            for (x, p) in v
                .iter_mut()
                .zip(&proj[c as usize * d..(c as usize + 1) * d])
            {
                *x += wt * p;
            }
        }
        let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-6);
        v.iter_mut().for_each(|x| *x /= norm);
    }
    let fine = kmeans(&vecs, d, k_fine, 10, &mut rng);
    let coarse = kmeans(&vecs, d, k_coarse, 10, &mut rng);
    // One line a word, sorted by word (the tagger bisects the table).
    let mut lines: Vec<String> = vocab
        .iter()
        .enumerate()
        .filter(|(_, (w, _))| !w.contains([' ', '\t']))
        .map(|(i, (w, _))| format!("{w}\t{}\t{}\n", fine[i], coarse[i]))
        .collect();
    lines.sort();
    let s: String = lines.concat();
    fs::write(out, s).expect("write clusters");
}

fn kmeans(vecs: &[f32], d: usize, k: usize, iters: usize, rng: &mut Rng) -> Vec<usize> {
    let n = vecs.len() / d;
    let mut cent: Vec<f32> = Vec::with_capacity(k * d);
    for _ in 0..k {
        let i = (rng.next() as usize) % n;
        cent.extend_from_slice(&vecs[i * d..(i + 1) * d]);
    }
    let mut assign = vec![0usize; n];
    for it in 0..iters {
        for i in 0..n {
            let v = &vecs[i * d..(i + 1) * d];
            let mut best = f32::NEG_INFINITY;
            for c in 0..k {
                let s: f32 = v
                    .iter()
                    .zip(&cent[c * d..(c + 1) * d])
                    .map(|(a, b)| a * b)
                    .sum();
                if s > best {
                    best = s;
                    assign[i] = c;
                }
            }
        }
        let mut sum = vec![0f32; k * d];
        let mut cnt = vec![0usize; k];
        for i in 0..n {
            cnt[assign[i]] += 1;
            for (s, x) in sum[assign[i] * d..(assign[i] + 1) * d]
                .iter_mut()
                .zip(&vecs[i * d..(i + 1) * d])
            {
                *s += x;
            }
        }
        for c in 0..k {
            let v = &mut sum[c * d..(c + 1) * d];
            if cnt[c] == 0 {
                let i = (rng.next() as usize) % n;
                v.copy_from_slice(&vecs[i * d..(i + 1) * d]);
            }
            let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-6);
            v.iter_mut().for_each(|x| *x /= norm);
        }
        cent = sum;
        eprintln!("kmeans k={k} iter {it}");
    }
    let _ = rng.unit();
    assign
}

// ---------------------------------------------------------------- training

/// A corpus sentence: tokens and tags.
type Tagged = (Vec<String>, Vec<String>);

/// A sentence with its hashed features per token.
type Featured = (Sent, Vec<Vec<u32>>);
/// Document keys per sentence and token (`features::doc_key`).
type Keys = Vec<Vec<Option<u64>>>;

struct Sent {
    gold: Vec<Label>,
    head: usize,
}

fn read_conll(path: &Path) -> Vec<Tagged> {
    let text = fs::read_to_string(path).expect("corpus");
    let mut out = Vec::new();
    let (mut toks, mut tags) = (Vec::new(), Vec::new());
    for line in text.lines() {
        if line.trim().is_empty() {
            if !toks.is_empty() {
                out.push((std::mem::take(&mut toks), std::mem::take(&mut tags)));
            }
            continue;
        }
        let (t, g) = line.rsplit_once('\t').unwrap_or((line, "O"));
        toks.push(t.to_string());
        tags.push(g.to_string());
    }
    if !toks.is_empty() {
        out.push((toks, tags));
    }
    out
}

fn write_conll(path: &Path, sents: &[Tagged]) {
    let mut s = String::new();
    for (toks, tags) in sents {
        for (t, g) in toks.iter().zip(tags) {
            s.push_str(&format!("{t}\t{g}\n"));
        }
        s.push('\n');
    }
    fs::write(path, s).expect("write dev");
}

fn corpus_type(tag: &str) -> Option<EntityType> {
    Some(match tag {
        "PER" | "pers" => EntityType::Per,
        "ORG" | "org" => EntityType::Org,
        "LOC" | "loc" => EntityType::Loc,
        "FAC" | "fac" => EntityType::Fac,
        "PRO" | "pro" => EntityType::Pro,
        "EVE" | "event" => EntityType::Eve,
        "DAT" => EntityType::Dat,
        "TIM" => EntityType::Tim,
        "MON" => EntityType::Mon,
        "PCT" => EntityType::Pct,
        _ => return None,
    })
}

fn labels(tags: &[String], types: &[EntityType]) -> Vec<Label> {
    let mut out = Vec::with_capacity(tags.len());
    let mut prev: Option<Label> = None;
    for t in tags {
        let l = match t.split_once('-') {
            Some((bi, ty)) => {
                match corpus_type(ty).and_then(|e| types.iter().position(|&x| x == e)) {
                    Some(k) => {
                        let b = (2 * k + 1) as Label;
                        if bi == "B" || !allowed(prev, b + 1) {
                            b
                        } else {
                            b + 1
                        }
                    }
                    None => 0,
                }
            }
            None => 0,
        };
        out.push(l);
        prev = Some(l);
    }
    out
}

fn spans(l: &[Label]) -> Vec<(usize, usize, Label)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < l.len() {
        if l[i] % 2 == 1 {
            let mut j = i + 1;
            while j < l.len() && l[j] == l[i] + 1 {
                j += 1;
            }
            out.push((i, j, l[i]));
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

fn train(root: &Path, out: &Path) {
    let epochs = env("EPOCHS", 8);
    let bits = env("BITS", 20) as u8;
    let keep_rows = env("ROWS", 115000);
    let tmp = Path::new("/tmp/negah-ner");
    fs::create_dir_all(tmp).ok();
    let peyma_train: Vec<_> = read_conll(&root.join("peyma/train.txt"))
        .into_iter()
        .chain(if std::env::var("NOEXTRA").is_ok() {
            vec![]
        } else {
            read_conll(&root.join("peyma/extra_600k.txt"))
        })
        .collect();
    let peyma_dev = read_conll(&root.join("peyma/dev.txt"));
    // ARMAN: every 10th block of 50 sentences is held out as dev.
    let arman = read_conll(&root.join("arman/train_fold1.txt"));
    let (mut arman_train, mut arman_dev) = (Vec::new(), Vec::new());
    for (i, s) in arman.into_iter().enumerate() {
        if (i / 50) % 10 == 9 {
            arman_dev.push(s);
        } else {
            arman_train.push(s);
        }
    }
    write_conll(&tmp.join("peyma_dev.txt"), &peyma_dev);
    write_conll(&tmp.join("arman_dev.txt"), &arman_dev);
    eprintln!(
        "peyma train {} dev {}; arman train {} dev {}",
        peyma_train.len(),
        peyma_dev.len(),
        arman_train.len(),
        arman_dev.len()
    );
    let data = Path::new("data");
    let read = |p: &str| fs::read_to_string(data.join(p)).unwrap_or_default();
    let titles: String = negah::lexicon::titles()
        .filter(|(k, _)| *k == negah::lexicon::TitleKind::Title)
        .map(|(_, t)| format!("{t}\n"))
        .collect();
    let (first, last, cl) = (
        read("gazetteers/first_names.txt"),
        read("gazetteers/last_names.txt"),
        read("ner/clusters.tsv"),
    );
    let lex = Lexicons::from_texts(
        &first,
        &last,
        &read("gazetteers/places.txt"),
        &read("gazetteers/orgs.txt"),
        &titles,
        &cl,
    );
    // Default: one label space over all types, shared + per-corpus feature copies (the
    // corpus decides which types a head may output). TWO_HEADS=1: two independent heads side
    // by side in each weight row (measured: same PEYMA F1, ~2 points lower on ARMAN).
    let joint = std::env::var("TWO_HEADS").is_err();
    let union: Vec<EntityType> =
        PEYMA_TYPES
            .iter()
            .chain(&ARMAN_TYPES)
            .copied()
            .fold(Vec::new(), |mut v, t| {
                if !v.contains(&t) {
                    v.push(t);
                }
                v
            });
    let mask_of = |types: &[EntityType], of: &[EntityType]| -> u16 {
        types
            .iter()
            .enumerate()
            .filter(|(_, t)| of.contains(t))
            .fold(0, |m, (k, _)| m | (1 << k))
    };
    let mut heads = if joint {
        vec![
            Head {
                types: union.clone(),
                trans: vec![],
                offset: 0,
                mask: mask_of(&union, &PEYMA_TYPES),
                salt: 0x85eb_ca6b,
            },
            Head {
                types: union.clone(),
                trans: vec![],
                offset: 0,
                mask: mask_of(&union, &ARMAN_TYPES),
                salt: 0xc2b2_ae35,
            },
        ]
    } else {
        vec![
            Head {
                types: PEYMA_TYPES.to_vec(),
                trans: vec![],
                offset: 0,
                mask: 0x7f,
                salt: 0,
            },
            Head {
                types: ARMAN_TYPES.to_vec(),
                trans: vec![],
                offset: 15,
                mask: 0x3f,
                salt: 0,
            },
        ]
    };
    for h in &mut heads {
        let l = h.labels();
        h.trans = vec![0.0; (l + 1) * l];
    }
    let width: usize = heads
        .iter()
        .map(|h| h.offset + h.labels())
        .max()
        .unwrap_or(0);
    let head_types: Vec<Vec<EntityType>> = heads.iter().map(|h| h.types.clone()).collect();
    let head_salt: Vec<u32> = heads.iter().map(|h| h.salt).collect();
    let bucketize = |h: usize, f: &[u32]| -> Vec<u32> {
        let salted = f
            .iter()
            .filter(|_| head_salt[h] != 0)
            .map(|&x| negah::entities::tagger::salt(x, head_salt[h]));
        f.iter()
            .copied()
            .chain(salted)
            .map(|x| Model::bucket(bits, x) as u32)
            .collect()
    };
    // Sentences, their features, and their document keys (see `features::doc_key`).
    let prep = |sets: Vec<(Vec<Tagged>, usize)>| -> (Vec<Featured>, Keys) {
        let mut out = Vec::new();
        let mut keys = Vec::new();
        for (set, h) in sets {
            let types: &[EntityType] = &head_types[h];
            for (toks, tags) in set {
                let refs: Vec<&str> = toks.iter().map(String::as_str).collect();
                let p = Prepared::new(&refs, &lex);
                let feats: Vec<Vec<u32>> = (0..toks.len())
                    .map(|i| {
                        let mut f = Vec::new();
                        p.features(i, &mut f);
                        bucketize(h, &f)
                    })
                    .collect();
                keys.push(p.folded.iter().map(doc_key).collect());
                out.push((
                    Sent {
                        gold: labels(&tags, types),
                        head: h,
                    },
                    feats,
                ));
            }
        }
        (out, keys)
    };
    let np = peyma_train.len();
    let ndp = peyma_dev.len();
    let (train_set, train_keys) = prep(vec![(peyma_train, 0), (arman_train, 1)]);
    let (dev_set, dev_keys) = prep(vec![(peyma_dev, 0), (arman_dev, 1)]);
    // Each corpus part is its own run of documents: windows stay inside a part.
    let train_parts = [0..np, np..train_set.len()];
    let dev_parts = [0..ndp, ndp..dev_set.len()];
    eprintln!("features ready");
    let head_info: Vec<(usize, usize)> = heads.iter().map(|h| (h.labels(), h.offset)).collect();
    let allowed_labels: Vec<Vec<bool>> = heads
        .iter()
        .map(|h| (0..h.labels()).map(|l| h.allows(l as Label)).collect())
        .collect();
    let tr = Trainer {
        width,
        buckets: 1usize << bits,
        head_info,
        allowed_labels,
        trans: heads.iter().map(|h| h.trans.clone()).collect(),
    };
    let doc = env("DOC", 1) == 1;
    let window = env("DOCWIN", negah::entities::DOC_WINDOW);
    let nl = width;
    // Document features from first-pass labels, per part.
    let doc_feats = |set: &[(Sent, Vec<Vec<u32>>)],
                     keys: &[Vec<Option<u64>>],
                     parts: &[std::ops::Range<usize>],
                     labels: &[Vec<Label>]|
     -> Vec<Vec<Vec<u32>>> {
        let mut out = Vec::with_capacity(set.len());
        for r in parts {
            let summ = doc_summaries(&keys[r.clone()], &labels[r.clone()], window, nl);
            for (k, sm) in r.clone().zip(summ) {
                let h = set[k].0.head;
                out.push(
                    (0..sm.len())
                        .map(|i| {
                            let mut f = Vec::new();
                            doc_features(&sm, i, &mut f);
                            bucketize(h, &f)
                        })
                        .collect(),
                );
            }
        }
        out
    };
    let train_doc = if doc {
        // Jackknifed first-pass labels: each block of the training data is tagged by a
        // model trained without it, so that the second pass learns how far to trust
        // labels as noisy as the ones it will see.
        let folds = env("FOLDS", 5);
        let jk_epochs = env("JKEPOCHS", 5);
        let fold_of = |i: usize| (i / 200) % folds;
        let mut first: Vec<Vec<Label>> = vec![Vec::new(); train_set.len()];
        // JKCACHE=path: reuse the jackknife labels of an earlier run (experiments only).
        let cache = std::env::var("JKCACHE").ok();
        let cached = cache.as_ref().and_then(|p| fs::read(p).ok());
        if let Some(bytes) = &cached {
            let mut at = 0;
            for f in first.iter_mut() {
                let n = u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap()) as usize;
                *f = bytes[at + 4..at + 4 + n].to_vec();
                at += 4 + n;
            }
        }
        for k in (0..folds).filter(|_| cached.is_none()) {
            let idx: Vec<usize> = (0..train_set.len()).filter(|&i| fold_of(i) != k).collect();
            let (w, tw) = tr.fit(&train_set, None, &idx, jk_epochs, 0.0, None);
            for i in (0..train_set.len()).filter(|&i| fold_of(i) == k) {
                first[i] = tr.score(&w, &tw, &train_set[i].0, &train_set[i].1, None);
            }
            eprintln!("jackknife fold {k} done");
        }
        if let (Some(p), None) = (&cache, &cached) {
            let mut bytes = Vec::new();
            for f in &first {
                bytes.extend((f.len() as u32).to_le_bytes());
                bytes.extend(f);
            }
            fs::write(p, bytes).ok();
        }
        Some(doc_feats(&train_set, &train_keys, &train_parts, &first))
    } else {
        None
    };
    let idx: Vec<usize> = (0..train_set.len()).collect();
    let drop = env("DROP", 30) as f32 / 100.0;
    let eval = |w: &[f32], tw: &[Vec<f32>]| {
        let first: Vec<Vec<Label>> = dev_set
            .iter()
            .map(|(s, f)| tr.score(w, tw, s, f, None))
            .collect();
        let df = doc_feats(&dev_set, &dev_keys, &dev_parts, &first);
        let mut stats = [[[0usize; 3]; 2]; 2];
        for (k, (s, feats)) in dev_set.iter().enumerate() {
            let second = tr.score(w, tw, s, feats, Some(&df[k]));
            let g = spans(&s.gold);
            for (pass, pred) in [&first[k], &second].into_iter().enumerate() {
                let p = spans(pred);
                let st = &mut stats[pass][s.head];
                st[0] += p.iter().filter(|x| g.contains(x)).count();
                st[1] += p.len();
                st[2] += g.len();
            }
        }
        let f1 = |s: [usize; 3]| 2.0 * s[0] as f64 / (s[1] + s[2]).max(1) as f64;
        eprintln!(
            "dev F1 first pass peyma {:.4} arman {:.4}; second pass peyma {:.4} arman {:.4}",
            f1(stats[0][0]),
            f1(stats[0][1]),
            f1(stats[1][0]),
            f1(stats[1][1])
        );
    };
    let crf = std::env::var("OBJ").map(|v| v == "crf").unwrap_or(false);
    let (avg, tavg) = if crf {
        tr.fit_crf(
            &train_set,
            train_doc.as_deref(),
            &idx,
            epochs,
            drop,
            Some(&eval),
        )
    } else {
        tr.fit(
            &train_set,
            train_doc.as_deref(),
            &idx,
            epochs,
            drop,
            Some(&eval),
        )
    };
    for (h, t) in heads.iter_mut().zip(tavg) {
        h.trans = t;
    }
    // Keep the `keep_rows` rows with the largest weight.
    let maxes: Vec<f32> = avg
        .chunks(width)
        .map(|r| r.iter().fold(0f32, |m, &x| m.max(x.abs())))
        .collect();
    let mut sorted = maxes;
    sorted.sort_by(|a, b| b.total_cmp(a));
    let thr = sorted
        .get(keep_rows)
        .copied()
        .unwrap_or(0.0)
        .max(f32::MIN_POSITIVE);
    let model = Model::quantize(bits, heads.clone(), &avg, thr, env("ZERO", 4) as i8);
    let bytes = model.write();
    eprintln!("kept {} rows, {} bytes", model.rows(), bytes.len());
    fs::write(out, &bytes).expect("write model");
}

/// What the perceptron needs to know of the heads.
struct Trainer {
    width: usize,
    buckets: usize,
    head_info: Vec<(usize, usize)>,
    allowed_labels: Vec<Vec<bool>>,
    /// Initial (zero) transition tables.
    trans: Vec<Vec<f32>>,
}

type DevEval<'a> = &'a dyn Fn(&[f32], &[Vec<f32>]);

impl Trainer {
    fn score(
        &self,
        w: &[f32],
        tw: &[Vec<f32>],
        s: &Sent,
        feats: &[Vec<u32>],
        extra: Option<&Vec<Vec<u32>>>,
    ) -> Vec<Label> {
        let width = self.width;
        let (l, offset) = self.head_info[s.head];
        let mut em = vec![0f32; feats.len() * l];
        for (i, fs) in feats.iter().enumerate() {
            let more = extra.map(|e| e[i].as_slice()).unwrap_or(&[]);
            for &b in fs.iter().chain(more) {
                let row = &w[b as usize * width + offset..b as usize * width + offset + l];
                for (e, x) in em[i * l..(i + 1) * l].iter_mut().zip(row) {
                    *e += x;
                }
            }
        }
        for (k, e) in em.iter_mut().enumerate() {
            if !self.allowed_labels[s.head][k % l] {
                *e = f32::NEG_INFINITY;
            }
        }
        viterbi(&tw[s.head], l, &em, feats.len())
    }

    /// Averaged perceptron over the sentences `idx` of `set`; `doc` = second-pass features
    /// (left out of a sentence with probability `drop` each epoch, so that the same weights
    /// also serve the first pass). Returns averaged weights and transitions.
    fn fit(
        &self,
        set: &[(Sent, Vec<Vec<u32>>)],
        doc: Option<&[Vec<Vec<u32>>]>,
        idx: &[usize],
        epochs: usize,
        drop: f32,
        eval: Option<DevEval>,
    ) -> (Vec<f32>, Vec<Vec<f32>>) {
        let width = self.width;
        let mut w = vec![0f32; self.buckets * width];
        let mut u = vec![0f32; self.buckets * width];
        let mut tw = self.trans.clone();
        let mut tu = tw.clone();
        let mut c: f32 = 1.0;
        let mut order: Vec<usize> = idx.to_vec();
        let mut rng = Rng(42);
        let avg_of = |w: &[f32], u: &[f32], tw: &[Vec<f32>], tu: &[Vec<f32>], c: f32| {
            let avg: Vec<f32> = w.iter().zip(u).map(|(a, b)| a - b / c).collect();
            let tavg: Vec<Vec<f32>> = tw
                .iter()
                .zip(tu)
                .map(|(a, b)| a.iter().zip(b).map(|(x, y)| x - y / c).collect())
                .collect();
            (avg, tavg)
        };
        for epoch in 0..epochs {
            for i in (1..order.len()).rev() {
                order.swap(i, (rng.next() as usize) % (i + 1));
            }
            let mut errs = 0;
            for &si in &order {
                let (s, feats) = &set[si];
                let extra = doc.map(|d| &d[si]).filter(|_| rng.unit() >= drop);
                let pred = self.score(&w, &tw, s, feats, extra);
                if pred == s.gold {
                    c += 1.0;
                    continue;
                }
                errs += 1;
                let (l, offset) = self.head_info[s.head];
                for i in 0..pred.len() {
                    if pred[i] != s.gold[i] {
                        let more = extra.map(|e| e[i].as_slice()).unwrap_or(&[]);
                        for &b in feats[i].iter().chain(more) {
                            let g = b as usize * width + offset + s.gold[i] as usize;
                            let p = b as usize * width + offset + pred[i] as usize;
                            w[g] += 1.0;
                            u[g] += c;
                            w[p] -= 1.0;
                            u[p] -= c;
                        }
                    }
                    let gp = if i == 0 {
                        0
                    } else {
                        s.gold[i - 1] as usize + 1
                    };
                    let pp = if i == 0 { 0 } else { pred[i - 1] as usize + 1 };
                    if gp != pp || pred[i] != s.gold[i] {
                        let g = gp * l + s.gold[i] as usize;
                        let p = pp * l + pred[i] as usize;
                        tw[s.head][g] += 1.0;
                        tu[s.head][g] += c;
                        tw[s.head][p] -= 1.0;
                        tu[s.head][p] -= c;
                    }
                }
                c += 1.0;
            }
            eprint!("epoch {epoch}: sentence errors {errs}; ");
            if let Some(eval) = eval {
                let (avg, tavg) = avg_of(&w, &u, &tw, &tu, c);
                eval(&avg, &tavg);
            } else {
                eprintln!();
            }
        }
        avg_of(&w, &u, &tw, &tu, c)
    }

    /// Linear-chain CRF over the same features and label constraints: the conditional
    /// log-likelihood (forward-backward marginals) minimized by AdaGrad with an L2 penalty on
    /// the rows a sentence touches. `ETA` (×1000, default 100), `L2` (×1e6, default 0).
    fn fit_crf(
        &self,
        set: &[(Sent, Vec<Vec<u32>>)],
        doc: Option<&[Vec<Vec<u32>>]>,
        idx: &[usize],
        epochs: usize,
        drop: f32,
        eval: Option<DevEval>,
    ) -> (Vec<f32>, Vec<Vec<f32>>) {
        let width = self.width;
        let eta = env("ETA", 100) as f32 / 1000.0;
        let l2 = env("L2", 0) as f32 / 1e6;
        let gmin = env("GMIN", 0) as f32 / 1e6;
        let avg = env("AVG", 1) == 1;
        // Decoupled weight decay: weights shrink by WD/1e4 of themselves per epoch.
        let wd = env("WD", 0) as f32 / 1e4;
        let mut w = vec![0f32; self.buckets * width];
        let mut u = vec![0f32; if avg { self.buckets * width } else { 0 }];
        let mut tu: Vec<Vec<f32>> = self.trans.iter().map(|t| vec![0f32; t.len()]).collect();
        let mut cnt: f32 = 1.0;
        let chunk = 1000usize;
        let mut g2 = vec![0f32; self.buckets * width];
        let mut tw = self.trans.clone();
        let mut tg2: Vec<Vec<f32>> = tw.iter().map(|t| vec![0f32; t.len()]).collect();
        let mut order: Vec<usize> = idx.to_vec();
        let mut rng = Rng(42);
        for epoch in 0..epochs {
            for i in (1..order.len()).rev() {
                order.swap(i, (rng.next() as usize) % (i + 1));
            }
            let mut nll = 0f64;
            for &si in &order {
                let (s, feats) = &set[si];
                let extra = doc.map(|d| &d[si]).filter(|_| rng.unit() >= drop);
                let (l, offset) = self.head_info[s.head];
                let n = feats.len();
                if n == 0 {
                    continue;
                }
                let ok = &self.allowed_labels[s.head];
                // Emission scores.
                let mut em = vec![0f32; n * l];
                for (i, fs) in feats.iter().enumerate() {
                    let more = extra.map(|e| e[i].as_slice()).unwrap_or(&[]);
                    for &b in fs.iter().chain(more) {
                        let row = &w[b as usize * width + offset..b as usize * width + offset + l];
                        for (e, x) in em[i * l..(i + 1) * l].iter_mut().zip(row) {
                            *e += x;
                        }
                    }
                }
                // Potentials in the exp domain, scaled per position.
                let t = &tw[s.head];
                let mut tp = vec![0f32; (l + 1) * l];
                for p in 0..=l {
                    for c in 0..l {
                        let prev = if p == 0 { None } else { Some((p - 1) as Label) };
                        if ok[c] && (p == 0 || ok[p - 1]) && allowed(prev, c as Label) {
                            tp[p * l + c] = t[p * l + c].exp();
                        }
                    }
                }
                let mut ep = vec![0f32; n * l];
                for i in 0..n {
                    let row = &em[i * l..(i + 1) * l];
                    let m = row
                        .iter()
                        .enumerate()
                        .filter(|(c, _)| ok[*c])
                        .fold(f32::NEG_INFINITY, |m, (_, &x)| m.max(x));
                    for c in 0..l {
                        if ok[c] {
                            ep[i * l + c] = (row[c] - m).exp();
                        }
                    }
                }
                let mut alpha = vec![0f32; n * l];
                let mut scale = vec![0f32; n];
                for c in 0..l {
                    alpha[c] = tp[c] * ep[c];
                }
                for i in 0..n {
                    if i > 0 {
                        for c in 0..l {
                            let mut a = 0f32;
                            for p in 0..l {
                                a += alpha[(i - 1) * l + p] * tp[(p + 1) * l + c];
                            }
                            alpha[i * l + c] = a * ep[i * l + c];
                        }
                    }
                    let z: f32 = alpha[i * l..(i + 1) * l].iter().sum::<f32>().max(1e-30);
                    scale[i] = z;
                    alpha[i * l..(i + 1) * l].iter_mut().for_each(|x| *x /= z);
                }
                let mut beta = vec![0f32; n * l];
                beta[(n - 1) * l..].iter_mut().for_each(|x| *x = 1.0);
                for i in (0..n - 1).rev() {
                    for p in 0..l {
                        let mut b = 0f32;
                        for c in 0..l {
                            b += tp[(p + 1) * l + c] * ep[(i + 1) * l + c] * beta[(i + 1) * l + c];
                        }
                        beta[i * l + p] = b / scale[i + 1];
                    }
                }
                // Log-likelihood of the gold path (for the report).
                {
                    let mut gs = 0f64;
                    for i in 0..n {
                        let g = s.gold[i] as usize;
                        let p = if i == 0 {
                            0
                        } else {
                            s.gold[i - 1] as usize + 1
                        };
                        gs += f64::from(t[p * l + g] + em[i * l + g]);
                    }
                    let mut logz = 0f64;
                    for i in 0..n {
                        let row = &em[i * l..(i + 1) * l];
                        let m = row
                            .iter()
                            .enumerate()
                            .filter(|(c, _)| ok[*c])
                            .fold(f32::NEG_INFINITY, |m, (_, &x)| m.max(x));
                        logz += f64::from(scale[i]).ln() + f64::from(m);
                    }
                    nll += logz - gs;
                }
                // Emission gradients: marginal − gold, shared by the token's features.
                let mut grad = vec![0f32; l];
                for i in 0..n {
                    for c in 0..l {
                        grad[c] = alpha[i * l + c] * beta[i * l + c];
                    }
                    grad[s.gold[i] as usize] -= 1.0;
                    let more = extra.map(|e| e[i].as_slice()).unwrap_or(&[]);
                    for &b in feats[i].iter().chain(more) {
                        let base = b as usize * width + offset;
                        for c in 0..l {
                            let mut g = grad[c];
                            if g.abs() < gmin {
                                continue;
                            }
                            g += l2 * w[base + c];
                            g2[base + c] += g * g;
                            let d = eta * g / (g2[base + c].sqrt() + 1e-6);
                            w[base + c] -= d;
                            if avg {
                                u[base + c] -= cnt * d;
                            }
                        }
                    }
                }
                // Transition gradients: pairwise marginals − gold.
                let mut tgrad = vec![0f32; (l + 1) * l];
                for c in 0..l {
                    tgrad[c] += alpha[c] * beta[c];
                }
                for i in 1..n {
                    for p in 0..l {
                        let a = alpha[(i - 1) * l + p];
                        if a == 0.0 {
                            continue;
                        }
                        for c in 0..l {
                            tgrad[(p + 1) * l + c] +=
                                a * tp[(p + 1) * l + c] * ep[i * l + c] * beta[i * l + c]
                                    / scale[i];
                        }
                    }
                }
                for i in 0..n {
                    let p = if i == 0 {
                        0
                    } else {
                        s.gold[i - 1] as usize + 1
                    };
                    tgrad[p * l + s.gold[i] as usize] -= 1.0;
                }
                let (tws, tgs) = (&mut tw[s.head], &mut tg2[s.head]);
                for k in 0..tgrad.len() {
                    let g = tgrad[k];
                    if g != 0.0 {
                        tgs[k] += g * g;
                        let d = eta * g / (tgs[k].sqrt() + 1e-6);
                        tws[k] -= d;
                        tu[s.head][k] -= cnt * d;
                    }
                }
                cnt += 1.0;
                if wd > 0.0 && (cnt as usize) % chunk == 0 {
                    // The shrink is an update like any other: booked in u at this step.
                    let f = 1.0 - wd * chunk as f32 / order.len() as f32;
                    if avg {
                        for (x, y) in w.iter_mut().zip(u.iter_mut()) {
                            let d = *x * (1.0 - f);
                            *x -= d;
                            *y -= cnt * d;
                        }
                    } else {
                        w.iter_mut().for_each(|x| *x *= f);
                    }
                }
            }
            eprint!("epoch {epoch}: nll {nll:.0}; ");
            let res = self.crf_weights(&w, &u, &tw, &tu, cnt, avg);
            if let Some(eval) = eval {
                eval(&res.0, &res.1);
            } else {
                eprintln!();
            }
        }
        self.crf_weights(&w, &u, &tw, &tu, cnt, avg)
    }

    fn crf_weights(
        &self,
        w: &[f32],
        u: &[f32],
        tw: &[Vec<f32>],
        tu: &[Vec<f32>],
        cnt: f32,
        avg: bool,
    ) -> (Vec<f32>, Vec<Vec<f32>>) {
        if !avg {
            return (w.to_vec(), tw.to_vec());
        }
        (
            w.iter().zip(u).map(|(a, b)| a - b / cnt).collect(),
            tw.iter()
                .zip(tu)
                .map(|(a, b)| a.iter().zip(b).map(|(x, y)| x - y / cnt).collect())
                .collect(),
        )
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("clusters") if args.len() == 4 => clusters(Path::new(&args[2]), Path::new(&args[3])),
        Some("train") if args.len() == 4 => train(Path::new(&args[2]), Path::new(&args[3])),
        Some("flatten") if args.len() >= 3 => {
            // Rewrites one-word lists in flat form, sorted and unique (see `features::Lexicons`).
            for p in &args[2..] {
                let text = fs::read_to_string(p).expect("list");
                let mut v: Vec<String> = text
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty() && !l.starts_with('#'))
                    .map(lookup_form)
                    .collect();
                v.sort();
                v.dedup();
                fs::write(p, v.join("\n") + "\n").expect("write list");
            }
        }
        _ => {
            eprintln!(
                "usage: train_ner clusters NEWS_DIR OUT.tsv | train NER_DIR OUT.bin | flatten LIST…"
            );
            std::process::exit(2);
        }
    }
}
