//! The learned tagger: a structured averaged perceptron over hashed features
//! ([`super::features`]), decoded by first-order Viterbi under BIO constraints.
//!
//! One feature table serves two *label heads*, one per training corpus: PEYMA (PER ORG LOC
//! DAT TIM MON PCT) and ARMAN (PER ORG LOC FAC PRO EVE). The committed model is *joint*: both
//! heads share one label space over all ten types and one set of weights, each head masks the
//! types its corpus does not annotate, and every feature also fires in a per-corpus copy
//! ([`Head::salt`]) so that each corpus can keep its own conventions. Measured against two
//! independent heads: the same on PEYMA, about two points better on ARMAN, whose training set
//! is small.
//!
//! Model file (little endian), written by [`Model::write`] and read by [`Model::from_bytes`]:
//! `NGNR`, version u8 (2), hash bits u8, head count u8, row width u8; per head: type count u8,
//! type codes u8 each, label offset u8, type mask u16, salt u32, transition scores f32
//! ((L+1)×L, row 0 = sentence start); row count u32; bucket deltas
//! (LEB128); row scales (bf16, the high half of an f32); int8 weights, one row per kept bucket
//! across all heads' labels. One scale per row keeps the quantization loss below anything
//! measurable while the weights compress well.

use super::features::Prepared;
use super::viterbi::Decoder;
pub use super::viterbi::{allowed, viterbi, Label};
use super::weights::{RowIndex, Rows};
use super::EntityType;

mod doc;

/// Types of the two heads, in label order.
pub const PEYMA_TYPES: [EntityType; 7] = [
    EntityType::Per,
    EntityType::Org,
    EntityType::Loc,
    EntityType::Dat,
    EntityType::Tim,
    EntityType::Mon,
    EntityType::Pct,
];
pub const ARMAN_TYPES: [EntityType; 6] = [
    EntityType::Per,
    EntityType::Org,
    EntityType::Loc,
    EntityType::Fac,
    EntityType::Pro,
    EntityType::Eve,
];

const ALL: [EntityType; 12] = [
    EntityType::Per,
    EntityType::Org,
    EntityType::Loc,
    EntityType::Fac,
    EntityType::Eve,
    EntityType::Pro,
    EntityType::Role,
    EntityType::Dat,
    EntityType::Tim,
    EntityType::Mon,
    EntityType::Pct,
    EntityType::Num,
];

fn code(t: EntityType) -> u8 {
    ALL.iter().position(|&a| a == t).unwrap_or(0) as u8
}

/// The entity type of a model file's type code (the index in the file formats' type list).
pub fn type_of_code(c: u8) -> Option<EntityType> {
    ALL.get(c as usize).copied()
}

/// One label head.
#[derive(Clone, Debug)]
pub struct Head {
    pub types: Vec<EntityType>,
    /// (L+1)×L transition scores; row 0 is the start state.
    pub trans: Vec<f32>,
    /// Offset of this head's labels in a weight row.
    pub offset: usize,
    /// Types this head may output (bit k = `types[k]`); the others are masked in decoding.
    /// Lets two heads share one label space (a joint model) while each corpus keeps its tag set.
    pub mask: u16,
    /// Non-zero: every feature also fires in a copy salted with this value, so that the head
    /// has weights of its own beside the shared ones (feature augmentation for domain
    /// adaptation, Daumé 2007).
    pub salt: u32,
}

impl Head {
    pub fn labels(&self) -> usize {
        self.types.len() * 2 + 1
    }

    /// The type of label `l`, and whether it begins a span.
    /// Whether label `l` may be output by this head.
    pub fn allows(&self, l: Label) -> bool {
        l == 0 || self.mask & (1 << ((l as usize - 1) / 2)) != 0
    }

    pub fn label_type(&self, l: Label) -> Option<(EntityType, bool)> {
        if l == 0 {
            None
        } else {
            Some((self.types[(l as usize - 1) / 2], l % 2 == 1))
        }
    }
}

/// A loaded model.
pub struct Model {
    pub bits: u8,
    pub heads: Vec<Head>,
    pub width: usize,
    /// Bucket → row.
    index: RowIndex,
    rows: Rows,
}

fn leb(out: &mut Vec<u8>, mut v: u32) {
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

/// A feature whose bucket has no row (see [`Model::rows_of`]).
const NO_ROW: u32 = u32::MAX;

/// A little-endian reader over a model file's bytes (also used by [`super::net`]).
pub(super) struct Reader<'a> {
    pub(super) b: &'a [u8],
    pub(super) at: usize,
}

impl<'a> Reader<'a> {
    pub(super) fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let s = self.b.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(s)
    }
    pub(super) fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }
    pub(super) fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn f32(&mut self) -> Option<f32> {
        Some(f32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn leb(&mut self) -> Option<u32> {
        let mut v: u32 = 0;
        for shift in (0..35).step_by(7) {
            let b = self.u8()?;
            v |= u32::from(b & 0x7f).checked_shl(shift)?;
            if b & 0x80 == 0 {
                return Some(v);
            }
        }
        None
    }
}

impl Model {
    /// Builds a model from float weights: `dense` is 2^bits rows of `width` weights; rows are
    /// kept when their largest weight reaches `min_abs` (pruning), then quantized to int8;
    /// quantized weights smaller than `zero_below` in magnitude become 0 (they compress to
    /// almost nothing).
    pub fn quantize(
        bits: u8,
        heads: Vec<Head>,
        dense: &[f32],
        min_abs: f32,
        zero_below: i8,
    ) -> Model {
        let width: usize = heads
            .iter()
            .map(|h| h.offset + h.labels())
            .max()
            .unwrap_or(0);
        let buckets = 1usize << bits;
        let mut kept = Vec::new();
        let mut rows = Rows::with_capacity(width, 0);
        for b in 0..buckets {
            let row = &dense[b * width..(b + 1) * width];
            let max = row.iter().fold(0f32, |m, &w| m.max(w.abs()));
            if max < min_abs || max == 0.0 {
                continue;
            }
            // bf16 scale, rounded up so that no weight overflows.
            let s = bf16(max / 127.0);
            rows.push(
                s,
                row.iter().map(|&w| {
                    let q = (w / s).round().clamp(-127.0, 127.0) as i8;
                    if q.abs() < zero_below {
                        0
                    } else {
                        q
                    }
                }),
            );
            kept.push(b);
        }
        Model {
            bits,
            heads,
            width,
            index: RowIndex::new(buckets, kept),
            rows,
        }
    }

    /// Number of kept rows.
    pub fn rows(&self) -> usize {
        self.rows.len
    }

    /// Serializes the model (see the module docs).
    pub fn write(&self) -> Vec<u8> {
        let mut out = b"NGNR".to_vec();
        out.extend([2, self.bits, self.heads.len() as u8, self.width as u8]);
        for h in &self.heads {
            out.push(h.types.len() as u8);
            out.extend(h.types.iter().map(|&t| code(t)));
            out.push(h.offset as u8);
            out.extend(h.mask.to_le_bytes());
            out.extend(h.salt.to_le_bytes());
            for &t in &h.trans {
                out.extend(t.to_le_bytes());
            }
        }
        let n = self.rows.len;
        out.extend((n as u32).to_le_bytes());
        let mut last = 0u32;
        for b in self.index.buckets() {
            leb(&mut out, b as u32 - last);
            last = b as u32;
        }
        for r in 0..n {
            let s = self.rows.get(r, 0, 0).0;
            out.extend(((s.to_bits() >> 16) as u16).to_le_bytes());
        }
        // Column-major weights: one label's weights across rows compress better.
        for c in 0..self.width {
            for r in 0..n {
                out.push(self.rows.get(r, c, 1).1[0]);
            }
        }
        out
    }

    /// Reads a model; `None` for anything that is not a well-formed model file.
    pub fn from_bytes(b: &[u8]) -> Option<Model> {
        let mut r = Reader { b, at: 0 };
        if r.take(4)? != b"NGNR" || r.u8()? != 2 {
            return None;
        }
        let bits = r.u8()?;
        if !(8..=24).contains(&bits) {
            return None;
        }
        let nh = r.u8()? as usize;
        let width = r.u8()? as usize;
        let mut heads = Vec::new();
        for _ in 0..nh {
            let nt = r.u8()? as usize;
            let mut types = Vec::new();
            for _ in 0..nt {
                types.push(*ALL.get(r.u8()? as usize)?);
            }
            let offset = r.u8()? as usize;
            let mask = u16::from_le_bytes(r.take(2)?.try_into().ok()?);
            let salt = r.u32()?;
            let l = nt * 2 + 1;
            if offset + l > width || nt > 16 {
                return None;
            }
            let mut trans = Vec::with_capacity((l + 1) * l);
            for _ in 0..(l + 1) * l {
                trans.push(r.f32()?);
            }
            heads.push(Head {
                types,
                trans,
                offset,
                mask,
                salt,
            });
        }
        let n = r.u32()? as usize;
        let buckets = 1usize << bits;
        if n > buckets {
            return None;
        }
        let mut kept = Vec::with_capacity(n);
        let mut b = 0usize;
        for i in 0..n {
            let d = r.leb()? as usize;
            // Deltas after the first are positive: buckets are distinct and sorted.
            if i > 0 && d == 0 {
                return None;
            }
            b += d;
            if b >= buckets {
                return None;
            }
            kept.push(b);
        }
        let mut scales = Vec::with_capacity(n);
        for _ in 0..n {
            let h = u16::from_le_bytes(r.take(2)?.try_into().ok()?);
            scales.push(f32::from_bits(u32::from(h) << 16));
        }
        let cols = r.take(n * width)?;
        let mut rows = Rows::with_capacity(width, n);
        for (ri, &s) in scales.iter().enumerate() {
            rows.push(s, (0..width).map(|c| cols[c * n + ri] as i8));
        }
        Some(Model {
            bits,
            heads,
            width,
            index: RowIndex::new(buckets, kept),
            rows,
        })
    }

    /// Bucket of a feature hash.
    #[inline]
    pub fn bucket(bits: u8, f: u32) -> usize {
        (f >> (32 - bits)) as usize
    }

    /// Emission scores of head `h` for one token's features (shared and, for a salted head,
    /// its own copies), added into `out` (len L).
    pub fn emit(&self, h: usize, feats: &[u32], out: &mut [f32]) {
        let head = &self.heads[h];
        let salted = feats
            .iter()
            .filter(|_| head.salt != 0)
            .map(|&f| salt(f, head.salt));
        let rows = self.rows_of(feats.iter().copied().chain(salted));
        self.add_rows(&rows, &[rows.len()], head.offset, head.labels(), out);
    }

    /// Tags a prepared sentence with head `h`: one label per token.
    pub fn tag(&self, h: usize, sent: &Prepared) -> Vec<Label> {
        self.tag_heads(&[h], sent).pop().unwrap_or_default()
    }

    /// Tags a prepared sentence with several heads, computing its features once.
    pub fn tag_heads(&self, heads: &[usize], sent: &Prepared) -> Vec<Vec<Label>> {
        self.emissions(heads, sent)
            .iter()
            .zip(heads)
            .map(|(em, &h)| self.decode(h, em, sent.len()))
            .collect()
    }

    /// Emission scores of a sentence for each of `heads`: n×L over each head's full labels.
    fn emissions(&self, heads: &[usize], sent: &Prepared) -> Vec<Vec<f32>> {
        let n = sent.len();
        let mut feats: Vec<u32> = Vec::with_capacity(48 * n);
        let mut ends = Vec::with_capacity(n);
        for i in 0..n {
            sent.features(i, &mut feats);
            ends.push(feats.len());
        }
        // Every feature's row is found for the whole sentence before any row is read, and
        // each row is requested from memory as it is found: the reads of all the tokens then
        // overlap instead of each waiting on the one before. Rows are still added per token
        // in feature order, so the sums are the same as one feature at a time.
        let plain = self.rows_of(feats.iter().copied());
        // Shared emission scores of a joint model (all heads at offset 0 with one width).
        let joint = heads.len() > 1
            && heads.iter().all(|&h| {
                self.heads[h].offset == 0 && self.heads[h].labels() == self.heads[heads[0]].labels()
            });
        let shared: Option<(Vec<f32>, usize)> = joint.then(|| {
            let l = self.heads[heads[0]].labels();
            let mut sh = vec![0f32; n * l];
            self.add_rows(&plain, &ends, 0, l, &mut sh);
            (sh, l)
        });
        heads
            .iter()
            .map(|&h| {
                let head = &self.heads[h];
                let l = head.labels();
                let em = match &shared {
                    // Shared rows are the same for heads over one label space: computed once.
                    Some(sh) if head.offset == 0 && l == sh.1 => sh.0.clone(),
                    _ => {
                        let mut em = vec![0f32; n * l];
                        self.add_rows(&plain, &ends, head.offset, l, &mut em);
                        em
                    }
                };
                let mut em = em;
                if head.salt != 0 {
                    let salted = self.rows_of(feats.iter().map(|&f| salt(f, head.salt)));
                    self.add_rows(&salted, &ends, head.offset, l, &mut em);
                }
                em
            })
            .collect()
    }

    /// The row of each feature ([`NO_ROW`] for none), each row's read started: see
    /// [`Model::emissions`].
    fn rows_of(&self, feats: impl Iterator<Item = u32>) -> Vec<u32> {
        let buckets: Vec<usize> = feats
            .map(|f| {
                let b = Self::bucket(self.bits, f);
                self.index.prefetch(b);
                b
            })
            .collect();
        buckets
            .into_iter()
            .map(|b| match self.index.row(b) {
                Some(r) => {
                    self.rows.prefetch(r);
                    r as u32
                }
                None => NO_ROW,
            })
            .collect()
    }

    /// Adds, token by token, the weights `offset..offset + l` of the rows of its features
    /// (`rows[ends[i - 1]..ends[i]]` for token `i`) into `em` (n×l).
    fn add_rows(&self, rows: &[u32], ends: &[usize], offset: usize, l: usize, em: &mut [f32]) {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: `add_rows_avx2` requires AVX2 alone, and the CPU has it.
            return unsafe { self.add_rows_avx2(rows, ends, offset, l, em) };
        }
        self.add_rows_in(rows, ends, offset, l, em)
    }

    /// [`Model::add_rows`] compiled for AVX2: eight labels per instruction instead of four.
    /// The sums are the same (a multiply then an add per label, in row order; no fused
    /// multiply-add).
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    fn add_rows_avx2(&self, rows: &[u32], ends: &[usize], offset: usize, l: usize, em: &mut [f32]) {
        self.add_rows_in(rows, ends, offset, l, em)
    }

    #[inline(always)]
    fn add_rows_in(&self, rows: &[u32], ends: &[usize], offset: usize, l: usize, em: &mut [f32]) {
        match l {
            // The joint model's label space (O and B/I of ten types): a fixed width lets the
            // token's scores stay in registers over its rows.
            21 => self.add_rows_n::<21>(rows, ends, offset, em),
            _ => {
                let mut start = 0;
                for (out, &end) in em.chunks_exact_mut(l).zip(ends) {
                    for &r in rows[start..end].iter().filter(|&&r| r != NO_ROW) {
                        let (s, row) = self.rows.get(r as usize, offset, l);
                        for (o, &w) in out.iter_mut().zip(row) {
                            *o += s * f32::from(w as i8);
                        }
                    }
                    start = end;
                }
            }
        }
    }

    #[inline(always)]
    fn add_rows_n<const L: usize>(
        &self,
        rows: &[u32],
        ends: &[usize],
        offset: usize,
        em: &mut [f32],
    ) {
        let mut start = 0;
        for (out, &end) in em.chunks_exact_mut(L).zip(ends) {
            let mut acc: [f32; L] = out.try_into().expect("a row of L scores");
            for &r in rows[start..end].iter().filter(|&&r| r != NO_ROW) {
                let (s, row) = self.rows.get(r as usize, offset, L);
                let row: &[u8; L] = row.try_into().expect("L weights");
                for k in 0..L {
                    acc[k] += s * f32::from(row[k] as i8);
                }
            }
            out.copy_from_slice(&acc);
            start = end;
        }
    }

    /// Viterbi over head `h`'s own labels (n×L emission scores over its full labels).
    fn decode(&self, h: usize, em_full: &[f32], n: usize) -> Vec<Label> {
        self.decoder(h).decode(em_full, n)
    }

    /// Head `h`'s labels and transition table for decoding over its own labels only, with
    /// the BIO constraints folded into the table, so the inner loop has no branches.
    fn decoder(&self, h: usize) -> Decoder {
        let head = &self.heads[h];
        let l = head.labels();
        let labs: Vec<usize> = (0..l).filter(|&k| head.allows(k as Label)).collect();
        let m = labs.len();
        let mut trans = vec![f32::NEG_INFINITY; (m + 1) * m];
        for (ci, &c) in labs.iter().enumerate() {
            if allowed(None, c as Label) {
                trans[ci] = head.trans[c];
            }
            for (pi, &p) in labs.iter().enumerate() {
                if allowed(Some(p as Label), c as Label) {
                    trans[(pi + 1) * m + ci] = head.trans[(p + 1) * l + c];
                }
            }
        }
        Decoder { l, labs, trans }
    }
}

/// The head-specific copy of feature hash `f` (see [`Head::salt`]).
#[inline]
pub fn salt(f: u32, salt: u32) -> u32 {
    let h = (f ^ salt).wrapping_mul(0x9e37_79b1);
    h ^ (h >> 15)
}

/// Rounds `x` up to the nearest bf16 value.
fn bf16(x: f32) -> f32 {
    let b = x.to_bits();
    let up = if b & 0xffff != 0 { 0x1_0000 } else { 0 };
    f32::from_bits((b & 0xffff_0000) + up)
}

/// The model compiled into the crate, loaded on first use; `None` without the `model` feature
/// or if the file is not a model (an empty placeholder, say).
pub fn builtin() -> Option<&'static Model> {
    #[cfg(feature = "model")]
    {
        static M: std::sync::OnceLock<Option<Model>> = std::sync::OnceLock::new();
        M.get_or_init(|| Model::from_bytes(include_bytes!("../../../data/ner/model.bin")))
            .as_ref()
    }
    #[cfg(not(feature = "model"))]
    {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `add_rows` (AVX2 where the CPU has it, fixed width for 21 labels) gives bit for bit
    /// the sums of the plain loop: each row's scaled weights added in feature order.
    #[test]
    fn add_rows_sums_as_the_plain_loop() {
        let Some(m) = builtin() else { return };
        let l = m.heads[0].labels();
        let mut x = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let tokens = 30;
        let mut rows = Vec::new();
        let mut ends = Vec::new();
        for _ in 0..tokens {
            for _ in 0..next() % 120 {
                let r = next() % (m.rows.len as u64 + 8);
                rows.push(if r < m.rows.len as u64 {
                    r as u32
                } else {
                    NO_ROW
                });
            }
            ends.push(rows.len());
        }
        let start: Vec<f32> = (0..tokens * l)
            .map(|_| (next() % 7) as f32 * 0.25)
            .collect();
        let mut got = start.clone();
        m.add_rows(&rows, &ends, 0, l, &mut got);
        let mut want = start;
        let mut from = 0;
        for (out, &end) in want.chunks_exact_mut(l).zip(&ends) {
            for &r in rows[from..end].iter().filter(|&&r| r != NO_ROW) {
                let (s, row) = m.rows.get(r as usize, 0, l);
                for (o, &w) in out.iter_mut().zip(row) {
                    *o += s * f32::from(w as i8);
                }
            }
            from = end;
        }
        let bits = |v: &[f32]| v.iter().map(|f| f.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&got), bits(&want));
    }

    #[test]
    fn bio_constraints() {
        assert!(allowed(None, 1));
        assert!(!allowed(None, 2));
        assert!(allowed(Some(1), 2));
        assert!(allowed(Some(2), 2));
        assert!(!allowed(Some(3), 2));
        assert!(!allowed(Some(0), 4));
    }

    #[test]
    fn viterbi_never_starts_with_inside() {
        // Emissions favour I-0 everywhere; the path must open with B-0.
        let l = 3;
        let trans = vec![0f32; (l + 1) * l];
        let em = vec![0.0, 0.0, 5.0, 0.0, 0.0, 5.0];
        assert_eq!(viterbi(&trans, l, &em, 2), vec![1, 2]);
    }

    #[cfg(feature = "model")]
    #[test]
    fn the_builtin_model_writes_back_byte_for_byte() {
        // What the tagger keeps in memory (rank index, padded rows) is the file's content.
        let file = include_bytes!("../../../data/ner/model.bin");
        let m = Model::from_bytes(file).expect("the built-in model");
        assert!(m.rows() > 1000);
        assert!(m.write() == file.as_slice());
    }

    #[test]
    fn roundtrip_and_garbage() {
        let heads = vec![Head {
            types: vec![EntityType::Per],
            trans: vec![0.5; 12],
            offset: 0,
            mask: 1,
            salt: 0,
        }];
        let mut dense = vec![0f32; 3 * 256];
        dense[3 * 7 + 1] = 2.0;
        dense[3 * 200] = -1.0;
        let m = Model::quantize(8, heads, &dense, 0.0, 0);
        assert_eq!(m.rows(), 2);
        let bytes = m.write();
        let back = Model::from_bytes(&bytes).expect("roundtrip");
        assert_eq!(back.rows(), 2);
        let mut out = [0f32; 3];
        back.emit(0, &[7u32 << 24], &mut out);
        assert!((out[1] - 2.0).abs() < 0.05, "{out:?}");
        assert!(Model::from_bytes(&bytes[..bytes.len() - 1]).is_none());
        assert!(Model::from_bytes(b"").is_none());
        // A bucket listed twice (a zero delta after the first) is not a model: the second
        // delta, 193 in two LEB128 bytes before 2 scales and 2×3 weights, made 0 (0x80 0x00).
        let mut dup = m.write();
        let at = dup.len() - 2 * 2 - 2 * 3 - 2;
        assert_eq!(dup[at..at + 2], [0xc1, 0x01]);
        dup[at..at + 2].copy_from_slice(&[0x80, 0]);
        assert!(Model::from_bytes(&dup).is_none());
        assert!(Model::from_bytes(b"NGNR\x02\x08\xff").is_none());
    }
}
