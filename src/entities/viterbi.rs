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
        // A step's scores of the head's own labels, read from the full rows (the fixed-width
        // Viterbi reads them step by step: no copy of the sentence's scores).
        let gather = |i: usize, e: &mut [f32]| {
            for (x, &c) in e.iter_mut().zip(&self.labs) {
                *x = em_full[i * l + c];
            }
        };
        let path = match m {
            15 if n > 0 => viterbi_fixed::<15>(&self.trans, n, gather),
            13 if n > 0 => viterbi_fixed::<13>(&self.trans, n, gather),
            _ => {
                let mut em = vec![0f32; n * m];
                for (i, e) in em.chunks_exact_mut(m).enumerate() {
                    gather(i, e);
                }
                viterbi_dense(&self.trans, m, &em, n)
            }
        };
        path.into_iter()
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
    match m {
        // The perceptron's heads (PEYMA: O and B/I of 7 types; ARMAN: of 6): a fixed width
        // keeps a step's scores in registers and lets the compiler unroll it.
        15 => viterbi_fixed::<15>(trans, n, |i, e| e.copy_from_slice(&em[i * 15..][..15])),
        13 => viterbi_fixed::<13>(trans, n, |i, e| e.copy_from_slice(&em[i * 13..][..13])),
        _ => viterbi_dense_any(trans, m, em, n),
    }
}

/// [`viterbi_dense`] over any number of labels.
fn viterbi_dense_any(trans: &[f32], m: usize, em: &[f32], n: usize) -> Vec<u8> {
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

/// [`viterbi_dense`] over `M` labels: the same comparisons in the same order (the first
/// previous label of equals), so the same path.
/// `em(i, e)` writes step `i`'s emission scores into `e`; `n` > 0.
fn viterbi_fixed<const M: usize>(
    trans: &[f32],
    n: usize,
    em: impl Fn(usize, &mut [f32]),
) -> Vec<u8> {
    let mut rows = [[0f32; M]; M];
    for (p, row) in rows.iter_mut().enumerate() {
        row.copy_from_slice(&trans[(p + 1) * M..(p + 2) * M]);
    }
    let mut e = [0f32; M];
    em(0, &mut e);
    let mut prev = [0f32; M];
    for (c, x) in prev.iter_mut().enumerate() {
        *x = trans[c] + e[c];
    }
    let mut back = vec![0u8; n * M];
    for i in 1..n {
        let mut best = [f32::NEG_INFINITY; M];
        let mut arg = [0u32; M];
        for (p, row) in rows.iter().enumerate() {
            let ps = prev[p];
            for c in 0..M {
                let s = ps + row[c];
                let better = s > best[c];
                best[c] = if better { s } else { best[c] };
                arg[c] = if better { p as u32 } else { arg[c] };
            }
        }
        em(i, &mut e);
        let out = &mut back[i * M..(i + 1) * M];
        for c in 0..M {
            prev[c] = best[c] + e[c];
            out[c] = arg[c] as u8;
        }
    }
    backtrack(&prev, &back, n, M)
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The fixed-width Viterbi finds the same path as the general one, ties included (small
    /// integer scores make many equal sums: the first previous label of equals must win on
    /// both), with BIO-forbidden moves at `-inf`.
    #[test]
    fn fixed_width_viterbi_takes_the_general_path() {
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for m in [13usize, 15] {
            for n in [1usize, 2, 7, 40] {
                let trans: Vec<f32> = (0..(m + 1) * m)
                    .map(|k| {
                        let (p, c) = ((k / m) as Label, (k % m) as Label);
                        let ok = if k < m {
                            allowed(None, c)
                        } else {
                            allowed(Some(p - 1), c)
                        };
                        if ok {
                            (next() % 5) as f32 - 2.0
                        } else {
                            f32::NEG_INFINITY
                        }
                    })
                    .collect();
                let em: Vec<f32> = (0..n * m).map(|_| (next() % 4) as f32).collect();
                assert_eq!(
                    viterbi_dense(&trans, m, &em, n),
                    viterbi_dense_any(&trans, m, &em, n),
                    "m = {m}, n = {n}"
                );
            }
        }
    }
}
