//! The tagger over a document: two passes, the second with document features from the
//! first pass's labels of the same words in the nearby sentences
//! ([`super::super::features::doc_summaries`]), holding only one window of sentences at a
//! time; another model's scores may be mixed into the second pass before it is decoded.

use super::{salt, Decoder, Label, Model, Prepared};

impl Model {
    /// Tags the sentences of a document with several heads in two passes: the first pass
    /// sentence by sentence, the second with document features from the first pass's labels
    /// of the same words in the sentences within `window` of each sentence
    /// ([`super::super::features::doc_summaries`]). The second pass only adds the rows of the few
    /// document features to the first pass's scores. Heads with `second[k]` false keep
    /// their first-pass labels (cheaper, for heads little of whose output is used). Result:
    /// per sentence, per head.
    pub fn tag_doc(
        &self,
        heads: &[usize],
        second: &[bool],
        sents: &[Prepared],
        window: usize,
    ) -> Vec<Vec<Vec<Label>>> {
        let mut out = Vec::with_capacity(sents.len());
        self.tag_doc_with(
            heads,
            second,
            window,
            sents.len(),
            |i| &sents[i],
            |_, labels| out.push(labels),
        );
        out
    }

    /// [`Model::tag_doc`] over `n` sentences that `prepare` gives one at a time, in order;
    /// `done` receives each sentence's labels (per head), in order. Only the sentences of
    /// one window are held at a time, so memory does not grow with the document: holding
    /// every sentence's scores (21 floats per token and head) was most of the memory an
    /// analysis of a long text took.
    pub fn tag_doc_with<P: std::borrow::Borrow<Prepared>>(
        &self,
        heads: &[usize],
        second: &[bool],
        window: usize,
        n: usize,
        prepare: impl FnMut(usize) -> P,
        done: impl FnMut(usize, Vec<Vec<Label>>),
    ) {
        self.tag_doc_mixed(heads, second, window, n, prepare, |_, _, _| {}, done)
    }

    /// [`Model::tag_doc_with`], where `mix(s, k, em)` may add scores of another model to
    /// sentence `s`'s second-pass scores for `heads[k]` (n×L over the head's full labels)
    /// before they are decoded: an ensemble decoded in one Viterbi (measured in
    /// `examples/ner_ensemble.rs`).
    #[allow(clippy::too_many_arguments)]
    pub fn tag_doc_mixed<P: std::borrow::Borrow<Prepared>>(
        &self,
        heads: &[usize],
        second: &[bool],
        window: usize,
        n: usize,
        mut prepare: impl FnMut(usize) -> P,
        mut mix: impl FnMut(usize, usize, &mut [f32]),
        mut done: impl FnMut(usize, Vec<Vec<Label>>),
    ) {
        use crate::entities::features::{doc_features, doc_key, DocCounts};
        /// A sentence inside the window: its word keys, first-pass labels per head, and,
        /// until its second pass, its scores for the heads that have one.
        struct Held {
            keys: Vec<Option<u64>>,
            first: Vec<Vec<Label>>,
            ems: Vec<Vec<f32>>,
        }
        let decoders: Vec<Decoder> = heads.iter().map(|&h| self.decoder(h)).collect();
        let second: Vec<bool> = (0..heads.len())
            .map(|k| second.get(k).copied().unwrap_or(true))
            .collect();
        let mut counts: Vec<DocCounts> = heads
            .iter()
            .map(|&h| DocCounts::new(self.heads[h].labels()))
            .collect();
        let mut held: std::collections::VecDeque<Held> = Default::default();
        // Sentences `lo..hi` are held.
        let (mut lo, mut hi) = (0, 0);
        let mut feats = Vec::new();
        let mut ends = Vec::new();
        for s in 0..n {
            while hi < (s + window + 1).min(n) {
                let p = prepare(hi);
                let p = p.borrow();
                let mut ems = self.emissions(heads, p);
                let keys: Vec<Option<u64>> = p.folded.iter().map(doc_key).collect();
                let first: Vec<Vec<Label>> = decoders
                    .iter()
                    .zip(&ems)
                    .map(|(d, em)| d.decode(em, p.len()))
                    .collect();
                for k in 0..heads.len() {
                    if second[k] {
                        counts[k].add(&keys, &first[k], 1);
                    } else {
                        ems[k] = Vec::new();
                    }
                }
                held.push_back(Held { keys, first, ems });
                hi += 1;
            }
            while lo < s.saturating_sub(window) {
                let old = held.pop_front().expect("a held sentence");
                for (k, c) in counts.iter_mut().enumerate().filter(|(k, _)| second[*k]) {
                    c.add(&old.keys, &old.first[k], -1);
                }
                lo += 1;
            }
            let cur = &mut held[s - lo];
            let len = cur.keys.len();
            let mut labels = Vec::with_capacity(heads.len());
            for (k, &h) in heads.iter().enumerate() {
                if !second[k] {
                    labels.push(std::mem::take(&mut cur.first[k]));
                    continue;
                }
                let head = &self.heads[h];
                let l = head.labels();
                counts[k].add(&cur.keys, &cur.first[k], -1);
                let summ = counts[k].summaries(&cur.keys);
                counts[k].add(&cur.keys, &cur.first[k], 1);
                feats.clear();
                ends.clear();
                for i in 0..len {
                    doc_features(&summ, i, &mut feats);
                    ends.push(feats.len());
                }
                let em = &mut cur.ems[k];
                let rows = self.rows_of(feats.iter().copied());
                self.add_rows(&rows, &ends, head.offset, l, em);
                if head.salt != 0 {
                    let rows = self.rows_of(feats.iter().map(|&f| salt(f, head.salt)));
                    self.add_rows(&rows, &ends, head.offset, l, em);
                }
                mix(s, k, em);
                labels.push(decoders[k].decode(em, len));
                *em = Vec::new();
            }
            done(s, labels);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::builtin;
    use super::*;
    use crate::entities::EntityType;

    /// Labels of head 0 over `sents` in two passes, with `mix` added to the second.
    fn tagged(
        m: &Model,
        sents: &[Prepared],
        mix: impl FnMut(usize, usize, &mut [f32]),
    ) -> Vec<Vec<Vec<Label>>> {
        let mut out = Vec::new();
        m.tag_doc_mixed(
            &[0],
            &[true],
            20,
            sents.len(),
            |i| &sents[i],
            mix,
            |_, l| out.push(l),
        );
        out
    }

    /// Scores mixed into the second pass are decoded with the model's own: none change
    /// nothing, an overwhelming one for a label wins its token.
    #[test]
    fn mixed_scores_join_the_second_pass() {
        let Some(m) = builtin() else { return };
        let lex = crate::entities::features::Lexicons::builtin();
        let sents: Vec<Prepared> = [&["علی", "به", "تهران", "رفت"][..], &["او", "آمد"]]
            .iter()
            .map(|t| Prepared::new(t, lex))
            .collect();
        let plain = m.tag_doc(&[0], &[true], &sents, 20);
        assert_eq!(tagged(m, &sents, |_, _, _| {}), plain);
        let head = &m.heads[0];
        let b_org = (0..head.labels() as Label)
            .find(|&c| {
                head.allows(c)
                    && head
                        .label_type(c)
                        .is_some_and(|(t, b)| b && t == EntityType::Org)
            })
            .expect("PEYMA has ORG");
        let forced = tagged(m, &sents, |s, _, em| {
            if s == 1 {
                em[b_org as usize] += 1e4;
            }
        });
        assert_eq!(forced[0], plain[0]);
        assert_eq!(forced[1][0][0], b_org);
    }
}
