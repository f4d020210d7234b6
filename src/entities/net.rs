//! Neural tagger: a hash-embedding window CNN (spaCy's small-model design) over the features
//! the linear tagger proved, trained by `tools/ner/train.py`.
//!
//! Network: per token, the embeddings of its ids ([`token_ids`]; the ids of a group summed)
//! side by side → dense layer, LayerNorm, GELU to the width W → `depth` residual layers, each
//! a dense layer over the states of the token and its two neighbours (window ±1; zeros beyond
//! the sentence), LayerNorm, GELU, added to the state → one dense output layer per head (BIO
//! labels, [`super::tagger::Label`]) → Viterbi under BIO constraints.
//!
//! Weight file (little endian), written by `tools/ner/export.py`, read by [`Net::from_bytes`]:
//! `NGNN`, version u8 (1); table count u8, per table rows u32, dim u16, hashed u8, bits u8
//! (8, or 4: the table's values are signed nibbles, two a byte, low first); group count
//! u8, per group table u8, column count u8, columns u8 each; width u16, depth u8; head count
//! u8, per head type count u8 and type codes u8 each ([`super::tagger::type_of_code`]); then
//! every table as a matrix; the input layer (matrix din×W, bias, LayerNorm gain and bias,
//! f32×W each); per residual layer a matrix 3W×W (rows: left, centre, right neighbour), bias,
//! gain, bias; per head a matrix W×L and bias f32×L. A matrix K×N is K f32 scales then K×N
//! int8, row-major: row k = scale_k · int8 row (symmetric, scale = max|row| / 127; a 4-bit
//! table: max|row| / 7). Tables stay int8 in memory (rows are dequantized as tokens read them); the small dense layers are
//! dequantized to f32 at load.
//!
//! The network reads, for every token, a fixed set of ids computed here from the same
//! folding, word lists and clusters the linear tagger uses ([`super::features`]); the training
//! tool (`tools/ner/`) reads the ids this code writes (`examples/ner_features.rs`), so training
//! and tagging can never see different inputs.
//!
//! Columns of [`token_ids`] (`NONE` = the feature is absent and adds nothing):
//!
//! | col | feature | table |
//! |---|---|---|
//! | 0, 1 | flat word form, two hashes (Bloom-style: two rows summed) | words (hashed) |
//! | 2–4 | prefixes of 1–3 characters | affixes (hashed) |
//! | 5–8 | suffixes of 1–4 characters | affixes (hashed) |
//! | 9 | shape, length (≤ 8), ZWNJ inside, first in sentence | shapes (hashed) |
//! | 10 | fine (neighbour-count) cluster, 600 = none | exact |
//! | 11 | word2vec k=300 cluster, 300 = none | exact |
//! | 12 | word2vec k=80 cluster, 80 = none | exact |
//! | 13 | gazetteer flags ([`super::features::gaz`]) | exact |
//! | 14 | stacked: the linear tagger's first-pass label ([`stack_ids`]) | exact |
//! | 15 | stacked: the word's document summary over that pass | exact |
//!
//! A network whose groups read columns 14–15 is *stacked* ([`Net::stacked`]): it is tagged
//! with [`Net::tag_stacked`] after the linear tagger's first pass.
//!
//! Hashed columns hold a 32-bit hash; the row is `hash * rows >> 32` for the table's size,
//! which the weight file records.

use super::features::{hash, Prepared};
use super::tagger::{viterbi, Label, Reader};
use super::EntityType;

/// Ids per token from the token itself ([`token_ids`]).
pub const NF: usize = 14;
/// Ids per token from the linear tagger's first pass ([`stack_ids`]): columns `NF`, `NF + 1`.
pub const NS: usize = 2;
/// Rows of the two stacked columns: the first-pass label (joint label space, at most 31
/// labels), and the document summary (status × type × begins, [`super::features::DocSummary`]).
pub const STACK_ROWS: [u32; NS] = [32, 4 * 16 * 2];
/// An absent feature.
pub const NONE: u32 = u32::MAX;
/// Number of rows of the exact (unhashed) cluster columns: the cluster count plus "none".
pub const CLUSTER_ROWS: [u32; 3] = [601, 301, 81];

/// The ids of token `i` of a prepared sentence (see the module docs).
pub fn token_ids(p: &Prepared, i: usize) -> [u32; NF] {
    let f = &p.folded[i];
    let w = f.flat.as_bytes();
    let mut out = [NONE; NF];
    out[0] = hash(50, &[w]);
    out[1] = hash(51, &[w]);
    let chars: Vec<usize> = f.flat.char_indices().map(|(b, _)| b).collect();
    let n = chars.len();
    for k in 1..=3usize {
        if n > k {
            out[1 + k] = hash(51 + k as u8, &[&w[..chars[k]]]);
        }
    }
    for k in 1..=4usize {
        if n > k {
            out[4 + k] = hash(55 + k as u8, &[&w[chars[n - k]..]]);
        }
    }
    let meta = [n.min(8) as u8, u8::from(f.zwnj), u8::from(i == 0)];
    out[9] = hash(60, &[f.shape.as_bytes(), &meta]);
    let (a, b, c) = p.clusters[i].unwrap_or((600, 300, 80));
    let clamp = |v: u16, rows: u32| {
        let v = u32::from(v);
        if v < rows {
            v
        } else {
            rows - 1
        }
    };
    out[10] = clamp(a, CLUSTER_ROWS[0]);
    out[11] = clamp(b, CLUSTER_ROWS[1]);
    out[12] = clamp(c, CLUSTER_ROWS[2]);
    out[13] = u32::from(p.flags[i]);
    out
}

/// The stacked ids of a token (columns `NF..NF + NS`): the label the linear tagger's first
/// pass gave it, and the summary of the labels the same word got in the other sentences of
/// the document window (its second pass's evidence, [`super::features::doc_summaries`]). A
/// network trained with these columns corrects the linear tagger and sees document
/// consistency, which the window encoder alone cannot.
pub fn stack_ids(first: Label, summ: super::features::DocSummary) -> [u32; NS] {
    let label = u32::from(first).min(STACK_ROWS[0] - 1);
    let summ = summ.map_or(NONE, |[status, ty, begins]| {
        let ty = u32::from(ty).min(15);
        (u32::from(status).min(3) * 16 + ty) * 2 + u32::from(begins != 0)
    });
    [label, summ]
}

/// The stacked ids of every token of a run of sentences (a document, or a corpus read as
/// one), given the linear tagger's first-pass labels (`nl` kinds) of one head: each word's
/// summary reads the sentences within [`super::DOC_WINDOW`] of its own.
pub fn stack_doc(sents: &[Prepared], first: &[Vec<Label>], nl: usize) -> Vec<Vec<[u32; NS]>> {
    use super::features::{doc_key, doc_summaries};
    let keys: Vec<Vec<Option<u64>>> = sents
        .iter()
        .map(|p| p.folded.iter().map(doc_key).collect())
        .collect();
    let summ = doc_summaries(&keys, first, super::DOC_WINDOW, nl);
    first
        .iter()
        .zip(&summ)
        .map(|(l, s)| l.iter().zip(s).map(|(&l, &s)| stack_ids(l, s)).collect())
        .collect()
}

/// The row of a hashed id in a table of `rows` rows.
#[inline]
pub fn hashed_row(h: u32, rows: u32) -> u32 {
    ((u64::from(h) * u64::from(rows)) >> 32) as u32
}

/// A loaded network (see the module docs of [`super::net`] for the file format).
pub struct Net {
    tables: Vec<Table>,
    /// Per group: its table, the id columns summed into it and its offset in the input.
    groups: Vec<(usize, Vec<usize>, usize)>,
    din: usize,
    width: usize,
    input: Dense,
    input_norm: Norm,
    convs: Vec<(Dense, Norm)>,
    pub heads: Vec<NetHead>,
}

/// One output head: its entity types (labels as in [`super::tagger::Label`]) and weights.
pub struct NetHead {
    pub types: Vec<EntityType>,
    out: Dense,
}

impl NetHead {
    /// The type of label `l`, and whether it begins a span.
    pub fn label_type(&self, l: Label) -> Option<(EntityType, bool)> {
        (l != 0).then(|| (self.types[(l as usize - 1) / 2], l % 2 == 1))
    }
}

/// An embedding table: int8 rows with one f32 scale each, dequantized as they are read.
struct Table {
    rows: u32,
    dim: usize,
    hashed: bool,
    scales: Vec<f32>,
    q: Vec<i8>,
}

/// A dense layer `x · W + b` (W is K×N, row-major), dequantized to f32 at load: the layers are
/// small, and f32 loops over N vectorize without conversions.
struct Dense {
    k: usize,
    n: usize,
    w: Vec<f32>,
    b: Vec<f32>,
}

/// LayerNorm gain and bias.
struct Norm {
    g: Vec<f32>,
    b: Vec<f32>,
}

/// Reading the network's parts (the reader itself is the perceptron file's).
impl Reader<'_> {
    fn u16(&mut self) -> Option<u16> {
        Some(u16::from_le_bytes(self.take(2)?.try_into().ok()?))
    }
    fn f32s(&mut self, n: usize) -> Option<Vec<f32>> {
        let b = self.take(n.checked_mul(4)?)?;
        Some(
            b.chunks_exact(4)
                .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect(),
        )
    }
    fn i8s(&mut self, n: usize) -> Option<Vec<i8>> {
        Some(self.take(n)?.iter().map(|&b| b as i8).collect())
    }
    /// `n` (even) signed 4-bit values, two a byte, low nibble first; unpacked to i8.
    fn i4s(&mut self, n: usize) -> Option<Vec<i8>> {
        let nib = |v: u8| ((v << 4) as i8) >> 4;
        Some(
            self.take(n / 2)?
                .iter()
                .flat_map(|&b| [nib(b & 0x0f), nib(b >> 4)])
                .collect(),
        )
    }
    /// A K×N int8 matrix with one scale per row, dequantized.
    fn dense(&mut self, k: usize, n: usize) -> Option<Dense> {
        let scales = self.f32s(k)?;
        let q = self.i8s(k.checked_mul(n)?)?;
        let w = q
            .chunks_exact(n.max(1))
            .zip(&scales)
            .flat_map(|(row, &s)| row.iter().map(move |&v| s * f32::from(v)))
            .collect();
        Some(Dense {
            k,
            n,
            w,
            b: self.f32s(n)?,
        })
    }
    fn norm(&mut self, n: usize) -> Option<Norm> {
        Some(Norm {
            g: self.f32s(n)?,
            b: self.f32s(n)?,
        })
    }
}

impl Net {
    /// Reads a model file; `None` if the bytes are not one (wrong magic, version, sizes or
    /// length).
    pub fn from_bytes(bytes: &[u8]) -> Option<Net> {
        let mut r = Reader { b: bytes, at: 0 };
        if r.take(4)? != b"NGNN" || r.u8()? != 1 {
            return None;
        }
        let mut tables = Vec::new();
        for _ in 0..r.u8()? {
            let rows = r.u32()?;
            let dim = r.u16()? as usize;
            let hashed = r.u8()? != 0;
            let bits = r.u8()?;
            if !(bits == 8 || bits == 4 && dim % 2 == 0) {
                return None;
            }
            tables.push((rows, dim, hashed, bits));
        }
        let mut groups = Vec::new();
        let mut din = 0;
        for _ in 0..r.u8()? {
            let t = r.u8()? as usize;
            let cols: Vec<usize> = (0..r.u8()?)
                .map(|_| r.u8().map(usize::from))
                .collect::<Option<_>>()?;
            if cols.iter().any(|&c| c >= NF + NS) {
                return None;
            }
            groups.push((t, cols, din));
            din += tables.get(t)?.1;
        }
        let width = r.u16()? as usize;
        let depth = r.u8()? as usize;
        let mut head_types = Vec::new();
        for _ in 0..r.u8()? {
            let types: Vec<EntityType> = (0..r.u8()?)
                .map(|_| r.u8().and_then(super::tagger::type_of_code))
                .collect::<Option<_>>()?;
            head_types.push(types);
        }
        let tables = tables
            .into_iter()
            .map(|(rows, dim, hashed, bits)| {
                let scales = r.f32s(rows as usize)?;
                let n = (rows as usize).checked_mul(dim)?;
                let q = if bits == 8 { r.i8s(n)? } else { r.i4s(n)? };
                Some(Table {
                    rows,
                    dim,
                    hashed,
                    scales,
                    q,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        let input = r.dense(din, width)?;
        let input_norm = r.norm(width)?;
        let mut convs = Vec::with_capacity(depth);
        for _ in 0..depth {
            convs.push((r.dense(3 * width, width)?, r.norm(width)?));
        }
        let heads = head_types
            .into_iter()
            .map(|types| {
                let out = r.dense(width, 2 * types.len() + 1)?;
                Some(NetHead { types, out })
            })
            .collect::<Option<Vec<_>>>()?;
        if r.at != bytes.len() || tables.iter().any(|t| t.rows == 0) {
            return None;
        }
        Some(Net {
            tables,
            groups,
            din,
            width,
            input,
            input_norm,
            convs,
            heads,
        })
    }

    /// Whether the network reads the stacked columns ([`stack_ids`]): then it needs the
    /// linear tagger's first pass.
    pub fn stacked(&self) -> bool {
        self.groups
            .iter()
            .any(|(_, cols, _)| cols.iter().any(|&c| c >= NF))
    }

    /// Hidden states of a prepared sentence: n×width. `stack`: the stacked ids of each token
    /// (absent: those columns add nothing).
    fn encode(&self, sent: &Prepared, stack: Option<&[[u32; NS]]>) -> Vec<f32> {
        let n = sent.len();
        let mut x = vec![0f32; n * self.din];
        for i in 0..n {
            let mut ids = [NONE; NF + NS];
            ids[..NF].copy_from_slice(&token_ids(sent, i));
            if let Some(st) = stack.and_then(|s| s.get(i)) {
                ids[NF..].copy_from_slice(st);
            }
            let xi = &mut x[i * self.din..(i + 1) * self.din];
            for (t, cols, off) in &self.groups {
                let tab = &self.tables[*t];
                let slot = &mut xi[*off..*off + tab.dim];
                for &c in cols {
                    let id = ids[c];
                    if id == NONE {
                        continue;
                    }
                    let row = if tab.hashed {
                        hashed_row(id, tab.rows)
                    } else {
                        id.min(tab.rows - 1)
                    } as usize;
                    let s = tab.scales[row];
                    let q = &tab.q[row * tab.dim..(row + 1) * tab.dim];
                    for (o, &v) in slot.iter_mut().zip(q) {
                        *o += s * f32::from(v);
                    }
                }
            }
        }
        let w = self.width;
        let mut h = vec![0f32; n * w];
        self.input.apply(&x, &mut h);
        for hi in h.chunks_exact_mut(w) {
            norm_gelu(hi, &self.input_norm);
        }
        let mut y = vec![0f32; n * w];
        // Each token's window: the states of the token before, itself and the token after
        // (zeros beyond the sentence), side by side.
        let mut win = vec![0f32; n * 3 * w];
        for (conv, norm) in &self.convs {
            for i in 0..n {
                let row = &mut win[i * 3 * w..(i + 1) * 3 * w];
                for part in 0..3 {
                    let dst = &mut row[part * w..(part + 1) * w];
                    match (i + part).checked_sub(1).filter(|&j| j < n) {
                        Some(j) => dst.copy_from_slice(&h[j * w..(j + 1) * w]),
                        None => dst.fill(0.0),
                    }
                }
            }
            conv.apply(&win, &mut y);
            for (hi, yi) in h.chunks_exact_mut(w).zip(y.chunks_exact_mut(w)) {
                norm_gelu(yi, norm);
                for (a, b) in hi.iter_mut().zip(yi.iter()) {
                    *a += b;
                }
            }
        }
        h
    }

    /// Tags a prepared sentence with each of `heads`: one label sequence per head.
    pub fn tag_heads(&self, heads: &[usize], sent: &Prepared) -> Vec<Vec<Label>> {
        if sent.is_empty() {
            return vec![Vec::new(); heads.len()];
        }
        let h = self.encode(sent, None);
        heads.iter().map(|&k| self.decode(k, &h)).collect()
    }

    /// Tags a prepared sentence with head `h`.
    pub fn tag(&self, h: usize, sent: &Prepared) -> Vec<Label> {
        self.tag_heads(&[h], sent).pop().unwrap_or_default()
    }

    /// Tags a prepared sentence with head `h`, given the stacked ids of its tokens (the
    /// linear tagger's first pass for the same head, [`stack_ids`]).
    pub fn tag_stacked(&self, h: usize, sent: &Prepared, stack: &[[u32; NS]]) -> Vec<Label> {
        if sent.is_empty() {
            return Vec::new();
        }
        let hid = self.encode(sent, Some(stack));
        self.decode(h, &hid)
    }

    /// Head `k`'s log-probabilities of a prepared sentence (n × the head's labels): what an
    /// ensemble adds to another model's scores.
    pub fn log_probs(&self, k: usize, sent: &Prepared) -> Vec<f32> {
        if sent.is_empty() {
            return Vec::new();
        }
        let h = self.encode(sent, None);
        let out = &self.heads[k].out;
        let mut em = vec![0f32; sent.len() * out.n];
        out.apply(&h, &mut em);
        for row in em.chunks_exact_mut(out.n) {
            let max = row.iter().copied().fold(f32::NEG_INFINITY, f32::max);
            let z = row.iter().map(|&v| (v - max).exp()).sum::<f32>().ln() + max;
            row.iter_mut().for_each(|v| *v -= z);
        }
        em
    }

    /// Head `k`'s labels from the hidden states.
    fn decode(&self, k: usize, h: &[f32]) -> Vec<Label> {
        let out = &self.heads[k].out;
        let n = h.len() / self.width;
        let l = out.n;
        let mut em = vec![0f32; n * l];
        out.apply(h, &mut em);
        // Softmax scores shift every label of a token alike, so Viterbi over the raw
        // scores finds the same path; transitions only carry the BIO constraints.
        let trans = vec![0f32; (l + 1) * l];
        viterbi(&trans, l, &em, n)
    }

    /// Bytes of weights (for reports).
    pub fn params(&self) -> usize {
        self.tables.iter().map(|t| t.q.len()).sum::<usize>()
            + self.input.k * self.input.n
            + self.convs.iter().map(|c| c.0.k * c.0.n).sum::<usize>()
    }
}

impl Dense {
    /// `out = x · W + b` for the rows of `x` (each `k` wide; `out` rows `n` wide).
    ///
    /// The hot loop of the tagger. Blocks of 4 rows × 8 columns accumulate in registers
    /// while one pass over `k` streams the weight rows, so each weight is loaded once per 4
    /// tokens; the fixed-size inner loops vectorize (SSE2/AVX natively, simd128 in wasm)
    /// without explicit intrinsics.
    fn apply(&self, x: &[f32], out: &mut [f32]) {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU has AVX2 (checked just above), the only requirement of
            // `apply_avx2`. Rust never fuses the multiply-adds, so the results are the same
            // bits as the portable path's (and the wasm build's).
            unsafe { self.apply_avx2(x, out) };
            return;
        }
        self.apply_portable(x, out);
    }

    /// [`Dense::apply`] compiled for 8-wide AVX registers.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    fn apply_avx2(&self, x: &[f32], out: &mut [f32]) {
        self.apply_portable(x, out);
    }

    #[inline(always)]
    fn apply_portable(&self, x: &[f32], out: &mut [f32]) {
        const R: usize = 4;
        const C: usize = 8;
        let (k, n) = (self.k, self.n);
        let rows = x.len() / k.max(1);
        for o in out.chunks_exact_mut(n) {
            o.copy_from_slice(&self.b);
        }
        let nc = n / C * C;
        let mut i = 0;
        while i + R <= rows {
            let xs = &x[i * k..(i + R) * k];
            let (x0, rest) = xs.split_at(k);
            let (x1, rest) = rest.split_at(k);
            let (x2, x3) = rest.split_at(k);
            for j in (0..nc).step_by(C) {
                let mut acc = [[0f32; C]; R];
                for (kk, wrow) in self.w.chunks_exact(n).enumerate().take(k) {
                    let wv: &[f32; C] = wrow[j..j + C].try_into().expect("C columns");
                    let xv = [x0[kk], x1[kk], x2[kk], x3[kk]];
                    for (a, &v) in acc.iter_mut().zip(&xv) {
                        for (ac, &ww) in a.iter_mut().zip(wv) {
                            *ac += v * ww;
                        }
                    }
                }
                for (t, a) in acc.iter().enumerate() {
                    let o = &mut out[(i + t) * n + j..(i + t) * n + j + C];
                    for (oo, &av) in o.iter_mut().zip(a) {
                        *oo += av;
                    }
                }
            }
            if nc < n {
                for t in 0..R {
                    let xr = &x[(i + t) * k..(i + t + 1) * k];
                    axpy_rows(xr, &self.w, n, nc, &mut out[(i + t) * n..(i + t + 1) * n]);
                }
            }
            i += R;
        }
        for t in i..rows {
            let xr = &x[t * k..(t + 1) * k];
            axpy_rows(xr, &self.w, n, 0, &mut out[t * n..(t + 1) * n]);
        }
    }
}

/// `out[from..] += x · W[.., from..]` for W with `x.len()` rows of `n` columns, one row at a
/// time (the remainder of [`Dense::apply`]'s blocks).
#[inline(always)]
fn axpy_rows(x: &[f32], w: &[f32], n: usize, from: usize, out: &mut [f32]) {
    for (&v, row) in x.iter().zip(w.chunks_exact(n)) {
        for (o, &wv) in out[from..].iter_mut().zip(&row[from..]) {
            *o += v * wv;
        }
    }
}

/// LayerNorm then GELU (tanh form, as in training), in place.
fn norm_gelu(x: &mut [f32], norm: &Norm) {
    let n = x.len() as f32;
    let mean = x.iter().sum::<f32>() / n;
    let var = x.iter().map(|v| (v - mean) * (v - mean)).sum::<f32>() / n;
    let inv = 1.0 / (var + 1e-5).sqrt();
    for ((v, &g), &b) in x.iter_mut().zip(&norm.g).zip(&norm.b) {
        let z = (*v - mean) * inv * g + b;
        *v = 0.5 * z * (1.0 + tanh(0.797_884_6 * (z + 0.044_715 * z * z * z)));
    }
}

/// tanh as a rational polynomial (Eigen's `ptanh_float`, a few ulp from the exact value):
/// the library `tanh` was half of the tagger's time, does not vectorize, and differs between
/// the native libm and wasm's, which would let native and wasm tags drift apart.
#[inline(always)]
fn tanh(x: f32) -> f32 {
    let x = x.clamp(-7.905_311, 7.905_311);
    let x2 = x * x;
    let p = x2 * -2.760_768_5e-16 + 2.000_188e-13;
    let p = x2 * p + -8.604_672e-11;
    let p = x2 * p + 5.122_297e-8;
    let p = x2 * p + 1.485_722_4e-5;
    let p = x2 * p + 6.372_619_3e-4;
    let p = x2 * p + 4.893_524_6e-3;
    let p = x * p;
    let q = x2 * 1.198_258_4e-6 + 1.185_347_1e-4;
    let q = x2 * q + 2.268_434_6e-3;
    let q = x2 * q + 4.893_525e-3;
    p / q
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A deterministic pseudo-random sequence in [-1, 1).
    fn noise(n: usize, seed: u32) -> Vec<f32> {
        let mut x = seed.wrapping_mul(2_654_435_761) | 1;
        (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                (x >> 8) as f32 / (1u32 << 23) as f32 - 1.0
            })
            .collect()
    }

    #[test]
    fn blocked_matmul_matches_the_plain_sum() {
        // Row counts around the 4-row blocks, column counts around the 8-column tiles.
        for (rows, k, n) in [(1, 3, 5), (4, 8, 8), (7, 13, 15), (9, 20, 17), (12, 64, 64)] {
            let d = Dense {
                k,
                n,
                w: noise(k * n, 1),
                b: noise(n, 2),
            };
            let x = noise(rows * k, 3);
            let mut out = vec![0f32; rows * n];
            d.apply(&x, &mut out);
            for i in 0..rows {
                for j in 0..n {
                    let want: f32 = d.b[j]
                        + (0..k)
                            .map(|kk| x[i * k + kk] * d.w[kk * n + j])
                            .sum::<f32>();
                    assert!(
                        (out[i * n + j] - want).abs() < 1e-4,
                        "{rows}x{k}x{n} at {i},{j}"
                    );
                }
            }
        }
    }

    #[test]
    fn tanh_approximation() {
        for i in -1000..=1000 {
            let x = i as f32 / 50.0;
            assert!((tanh(x) - x.tanh()).abs() < 2e-6, "{x}");
        }
    }

    /// A model file with one table, one group, width 8, one residual layer and one head
    /// (PER only), random weights.
    fn tiny_model() -> Vec<u8> {
        let mut b = b"NGNN\x01\x01".to_vec();
        b.extend(16u32.to_le_bytes());
        b.extend(8u16.to_le_bytes());
        b.extend([1, 8]); // hashed, 8 bits
        b.extend([1, 0, 2, 0, 1]); // one group: table 0, columns 0 and 1
        b.extend(8u16.to_le_bytes());
        b.push(1);
        b.extend([1, 1, 0]); // one head: PER
        let mat = |b: &mut Vec<u8>, k: usize, n: usize, seed: u32| {
            for _ in 0..k {
                b.extend(0.01f32.to_le_bytes());
            }
            b.extend(noise(k * n, seed).iter().map(|v| (v * 127.0) as i8 as u8));
        };
        let f32s = |b: &mut Vec<u8>, n: usize, v: f32| {
            for _ in 0..n {
                b.extend(v.to_le_bytes());
            }
        };
        mat(&mut b, 16, 8, 1);
        mat(&mut b, 8, 8, 2);
        f32s(&mut b, 8, 0.0);
        f32s(&mut b, 8, 1.0);
        f32s(&mut b, 8, 0.0);
        mat(&mut b, 24, 8, 3);
        f32s(&mut b, 8, 0.0);
        f32s(&mut b, 8, 1.0);
        f32s(&mut b, 8, 0.0);
        mat(&mut b, 8, 3, 4);
        f32s(&mut b, 3, 0.0);
        b
    }

    #[test]
    fn model_file_loads_tags_and_rejects_garbage() {
        let bytes = tiny_model();
        let net = Net::from_bytes(&bytes).expect("tiny model");
        assert_eq!(net.heads[0].types, vec![EntityType::Per]);
        let lex = super::super::features::Lexicons::from_texts("", "", "", "", "", "");
        let p = Prepared::new(&["علی", "به", "تهران", "رفت"], &lex);
        let labels = net.tag(0, &p);
        assert_eq!(labels.len(), 4);
        // BIO: an I label only after a B or I.
        for (i, &l) in labels.iter().enumerate() {
            assert!(l <= 2);
            if l == 2 {
                assert!(i > 0 && labels[i - 1] != 0, "{labels:?}");
            }
        }
        // Deterministic: the same sentence, the same labels.
        assert_eq!(net.tag(0, &p), labels);
        assert!(Net::from_bytes(&bytes[..bytes.len() - 1]).is_none());
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(Net::from_bytes(&longer).is_none());
        assert!(Net::from_bytes(b"NGNN").is_none());
        assert!(Net::from_bytes(b"").is_none());
    }

    #[test]
    fn log_probs_are_distributions_that_decode_as_the_tags() {
        let net = Net::from_bytes(&tiny_model()).expect("tiny model");
        let lex = super::super::features::Lexicons::from_texts("", "", "", "", "", "");
        let p = Prepared::new(&["علی", "به", "تهران", "رفت"], &lex);
        let lp = net.log_probs(0, &p);
        assert_eq!(lp.len(), 4 * 3);
        for row in lp.chunks_exact(3) {
            let sum: f32 = row.iter().map(|v| v.exp()).sum();
            assert!((sum - 1.0).abs() < 1e-4, "{row:?}");
            assert!(row.iter().all(|&v| v <= 0.0));
        }
        // A token's log-softmax shifts its scores alike: Viterbi finds the tags' path.
        assert_eq!(viterbi(&[0.0; 12], 3, &lp, 4), net.tag(0, &p));
        assert!(net.log_probs(0, &Prepared::new(&[], &lex)).is_empty());
    }

    #[test]
    fn ids_read_the_folded_word_affixes_and_lists() {
        let lex =
            super::super::features::Lexicons::from_texts("علی", "", "", "", "", "تهران\t5\t7\t9\n");
        let p = Prepared::new(&["علی", "تهران", "و"], &lex);
        let a = token_ids(&p, 0);
        let b = token_ids(&p, 1);
        let c = token_ids(&p, 2);
        assert_eq!(a[13], u32::from(super::super::features::gaz::FIRST));
        assert_eq!((b[10], b[11], b[12]), (5, 7, 9));
        assert_eq!((a[10], a[11], a[12]), (600, 300, 80));
        // A one-letter word has no affixes.
        assert!(c[2..9].iter().all(|&v| v == NONE));
        // Folding: the Arabic yeh reads as the Persian one.
        let q = Prepared::new(&["علي"], &lex);
        assert_eq!(token_ids(&q, 0)[..2], a[..2]);
    }
}
