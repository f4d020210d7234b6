//! How the learned tagger's weights sit in memory: the one part of tagging that is bound by
//! memory rather than by arithmetic. Every token reads about a hundred rows of weights at
//! random (each feature, and each head's copy of it), so the layout is chosen for the cache:
//! a rank index small enough for the core's own cache, rows of one cache line, and reads
//! requested ahead ([`prefetch`]). The file format ([`super::tagger`]) is unchanged by it.

/// Which buckets have a row of weights, and each one's row: a bitmap of the 2^bits buckets
/// with, per 64-bit word, the count of rows before it, so that a bucket's row is its rank.
/// (Rows are numbered in bucket order.) The tagger reads it at random once per feature:
/// a `u32` per bucket was 4 MB for the built-in model, too large for the core's cache, and
/// waiting on it took a third of the analysis; this form is 256 KB and answers the same.
#[derive(Clone, Default)]
pub(super) struct RowIndex {
    words: Vec<RankWord>,
}

#[derive(Clone, Copy, Default)]
#[repr(align(16))]
struct RankWord {
    bits: u64,
    before: u32,
}

impl RowIndex {
    /// The index of the given buckets, sorted and distinct, out of `buckets`.
    pub(super) fn new(buckets: usize, with_rows: impl IntoIterator<Item = usize>) -> RowIndex {
        let mut words = vec![RankWord::default(); buckets.div_ceil(64)];
        for b in with_rows {
            words[b / 64].bits |= 1 << (b % 64);
        }
        let mut count = 0;
        for w in &mut words {
            w.before = count;
            count += w.bits.count_ones();
        }
        RowIndex { words }
    }

    /// Asks the core to start loading bucket `b`'s word (a hint: no effect on results).
    #[inline]
    pub(super) fn prefetch(&self, b: usize) {
        prefetch(&self.words[b / 64]);
    }

    /// The row of bucket `b`, if it has one.
    #[inline]
    pub(super) fn row(&self, b: usize) -> Option<usize> {
        let w = self.words[b / 64];
        let bit = 1u64 << (b % 64);
        (w.bits & bit != 0).then(|| (w.before + (w.bits & (bit - 1)).count_ones()) as usize)
    }

    /// The buckets that have a row, in order.
    pub(super) fn buckets(&self) -> impl Iterator<Item = usize> + '_ {
        self.words.iter().enumerate().flat_map(|(i, w)| {
            (0..64)
                .filter(move |k| w.bits & (1 << k) != 0)
                .map(move |k| i * 64 + k)
        })
    }
}

/// The kept rows: each one its scale and `width` int8 weights together, in a block of whole
/// 32-byte lines from a 64-byte boundary, so that reading one feature's weights touches one
/// cache line. (Scales in an array of their own and rows of `width` bytes end to end touched
/// two or three, and the tagger spends its time waiting on these reads.)
#[derive(Clone)]
pub(super) struct Rows {
    pub(super) width: usize,
    stride: usize,
    /// The bytes; the first row starts at `start`, the first 64-byte boundary.
    bytes: Vec<u8>,
    start: usize,
    pub(super) len: usize,
}

impl Rows {
    pub(super) fn with_capacity(width: usize, n: usize) -> Rows {
        let stride = (4 + width).next_multiple_of(32);
        let bytes = vec![0u8; n * stride + 64];
        let start = bytes.as_ptr().align_offset(64).min(64);
        Rows {
            width,
            stride,
            bytes,
            start,
            len: 0,
        }
    }

    pub(super) fn push(&mut self, scale: f32, weights: impl IntoIterator<Item = i8>) {
        let at = self.start + self.len * self.stride;
        if at + self.stride > self.bytes.len() {
            // Past the reserved rows (only `Model::quantize`, which does not know their
            // number in advance): grow and move the rows back to a 64-byte boundary.
            let mut grown = Rows::with_capacity(self.width, 2 * self.len + 16);
            let used = self.len * self.stride;
            grown.bytes[grown.start..grown.start + used]
                .copy_from_slice(&self.bytes[self.start..self.start + used]);
            grown.len = self.len;
            *self = grown;
            return self.push(scale, weights);
        }
        let row = &mut self.bytes[at..at + 4 + self.width];
        row[..4].copy_from_slice(&scale.to_le_bytes());
        for (b, w) in row[4..].iter_mut().zip(weights) {
            *b = w as u8;
        }
        self.len += 1;
    }

    /// Asks the core to start loading row `r` (a hint: no effect on results).
    #[inline]
    pub(super) fn prefetch(&self, r: usize) {
        prefetch(&self.bytes[self.start + r * self.stride]);
    }

    /// Row `r`'s scale and its weights `offset..offset + l` (as the bytes of `i8`s).
    #[inline]
    pub(super) fn get(&self, r: usize, offset: usize, l: usize) -> (f32, &[u8]) {
        let row = &self.bytes[self.start + r * self.stride..][..4 + self.width];
        let scale = f32::from_le_bytes([row[0], row[1], row[2], row[3]]);
        (scale, &row[4 + offset..4 + offset + l])
    }
}

/// Asks the core to start loading the cache line of `x`: a hint, which changes no result.
/// The tagger's reads of its weights are random and each one used at once, so without it
/// the core mostly waits on memory.
#[inline]
pub(super) fn prefetch<T>(x: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch reads nothing and cannot fault; SSE is part of every x86_64.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(
            (x as *const T).cast(),
        )
    };
    #[cfg(not(target_arch = "x86_64"))]
    let _ = x;
}
