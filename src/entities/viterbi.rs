//! Decoding: first-order Viterbi under the BIO constraints, over a head's full label table
//! (training, the neural tagger) or over a dense table of its own labels with the
//! constraints folded in (the perceptron's hot path).

/// A BIO label: 0 = O, 2k+1 = B of type k, 2k+2 = I of type k.
pub type Label = u8;

/// Whether `prev → cur` is allowed under BIO (an I continues a B or I of its type).
/// `prev = None` is the sentence start.
pub fn allowed(prev: Option<Label>, cur: Label) -> bool {
    if cur == 0 || cur % 2 == 1 {
        return true;
    }
    match prev {
        None | Some(0) => false,
        Some(p) => p.div_ceil(2) == cur / 2,
    }
}

/// A head's decoding table (see `tagger::Model::decoder`).
pub(super) struct Decoder {
    pub(super) l: usize,
    pub(super) labs: Vec<usize>,
    pub(super) trans: Vec<f32>,
}

impl Decoder {
    pub(super) fn decode(&self, em_full: &[f32], n: usize) -> Vec<Label> {
        let (l, m) = (self.l, self.labs.len());
        let mut em = vec![0f32; n * m];
        for i in 0..n {
            for (ci, &c) in self.labs.iter().enumerate() {
                em[i * m + ci] = em_full[i * l + c];
            }
        }
        viterbi_dense(&self.trans, m, &em, n)
            .into_iter()
            .map(|k| self.labs[k as usize] as Label)
            .collect()
    }
}

/// First-order Viterbi under BIO constraints. `trans` is (L+1)×L with row 0 the start state;
/// `em` is n×L.
pub fn viterbi(trans: &[f32], l: usize, em: &[f32], n: usize) -> Vec<Label> {
    if n == 0 {
        return Vec::new();
    }
    let mut score = vec![f32::NEG_INFINITY; n * l];
    let mut back = vec![0u8; n * l];
    for c in 0..l {
        if allowed(None, c as Label) {
            score[c] = trans[c] + em[c];
        }
    }
    for i in 1..n {
        for c in 0..l {
            let mut best = f32::NEG_INFINITY;
            let mut arg = 0u8;
            for p in 0..l {
                if !allowed(Some(p as Label), c as Label) {
                    continue;
                }
                let s = score[(i - 1) * l + p] + trans[(p + 1) * l + c];
                if s > best {
                    best = s;
                    arg = p as u8;
                }
            }
            score[i * l + c] = best + em[i * l + c];
            back[i * l + c] = arg;
        }
    }
    backtrack(&score[(n - 1) * l..], &back, n, l)
}

/// Viterbi over a dense transition table ((m+1)×m, row 0 = start; forbidden moves are
/// `-inf`): the hot path of `tagger::Model::tag_heads`.
fn viterbi_dense(trans: &[f32], m: usize, em: &[f32], n: usize) -> Vec<u8> {
    if n == 0 || m == 0 {
        return vec![0; n];
    }
    let mut prev: Vec<f32> = (0..m).map(|c| trans[c] + em[c]).collect();
    let mut best = vec![0f32; m];
    let mut back = vec![0u8; n * m];
    for i in 1..n {
        // For each label, the best previous label, the first of equals (strict `>` over `p`
        // ascending). Previous labels outside, current ones inside: the inner loop runs
        // along a row of the table and has no branch, so it vectorizes.
        best.fill(f32::NEG_INFINITY);
        let arg = &mut back[i * m..(i + 1) * m];
        for (p, &ps) in prev.iter().enumerate() {
            let row = &trans[(p + 1) * m..(p + 2) * m];
            for ((b, a), &t) in best.iter_mut().zip(arg.iter_mut()).zip(row) {
                let s = ps + t;
                let better = s > *b;
                *b = if better { s } else { *b };
                *a = if better { p as u8 } else { *a };
            }
        }
        for ((p, &b), &e) in prev.iter_mut().zip(&best).zip(&em[i * m..(i + 1) * m]) {
            *p = b + e;
        }
    }
    backtrack(&prev, &back, n, m)
}

/// The best path of a Viterbi run of `n` steps over `m` labels: the best last label, then the
/// back-pointers (`back[i * m + c]`: the best label before label `c` at step `i`).
fn backtrack(last: &[f32], back: &[u8], n: usize, m: usize) -> Vec<u8> {
    let mut best = 0;
    for c in 1..m {
        if last[c] > last[best] {
            best = c;
        }
    }
    let mut out = vec![0u8; n];
    out[n - 1] = best as u8;
    for i in (1..n).rev() {
        out[i - 1] = back[i * m + out[i] as usize];
    }
    out
}
