//! Person clusters as a resolver: every PER and ROLE mention looks for its antecedent among
//! candidates scored by compatibility, in three linear passes over the mentions.
//!
//! 1. **Names.** A name (titles removed, compared on the flat form so ZWNJ/space and letter
//!    variants fold together) joins the person whose name it equals, or whose name ends with
//!    it or is the end of it (`حاتمی` ~ `امیر سرتیپ حاتمی`). Candidates come from an index of
//!    the last word and the last two words run together (`زیبا کلام` ~ `زیباکلام`); when a
//!    surname fits several people the most recently mentioned one wins, with a lower score.
//! 2. **Appositions.** An office written next to a name is that person's office:
//!    `حاتمی، وزیر دفاع`, `وزیر دفاع امیر سرتیپ حاتمی`, `«X» (سفیر Y)`, and a second office
//!    coordinated with the first (`X، رهبر A و رهبر B`).
//! 3. **Offices in text order.** A role standing alone takes the best of: a person holding a
//!    compatible office anywhere in the text (the same head after spelling variants, the
//!    complements of the shorter contained in the longer, the same owning state), the most
//!    salient person of the last sentences when the role is a sentence subject (agency copy
//!    varies its main speaker's office), or the next person named as a subject in the next two
//!    sentences (the lead convention: the headline gives the office, the lead the name).
//!    A person whose offices belong to another state never takes it (`رئیس جمهور فرانسه` is
//!    not `رئیس جمهور روسیه`). A role with no person joins the earlier office-only cluster of
//!    the same office, else stands alone.
//!
//! Each mention's link carries a score (1 for the mention that opens a cluster). Office
//! spellings, filler words and the states that own offices are in `data/lexicon/offices.tsv`.
//! Other types cluster by equal flat form.

use super::office::{flat, flat_words, office_lex, Office};
pub use super::office::{office_owners, owner_key, OfficeLex};
use super::{Cluster, EntityType, Mention};
use crate::lexicon;
use crate::Doc;
use std::collections::HashMap;

/// Score of an apposition link.
const APPOSITION: f32 = 0.95;
/// Score of a second office coordinated with an apposed one.
const COORDINATED: f32 = 0.8;
/// Ceiling of a link through a compatible office (times the office compatibility).
const SAME_OFFICE: f32 = 0.9;
/// Score of the most salient earlier person for a subject role, one sentence back; each
/// further sentence costs [`DECAY`].
const SALIENT: f32 = 0.7;
/// Score of the next subject person for a role (the lead convention).
const AHEAD: f32 = 0.65;
const DECAY: f32 = 0.08;
/// Below this no link is made.
const THRESHOLD: f32 = 0.5;
/// How many sentences back a salient person counts, and how far ahead the lead convention
/// looks.
const BACK_SENTENCES: usize = 3;
const AHEAD_SENTENCES: usize = 2;
/// How many recent person events are kept for salience.
const RECENT: usize = 8;

/// One person (or one unnamed office holder) being built.
struct Person {
    /// The fullest name's words (flat), empty for an office without a name.
    words: Vec<String>,
    offices: Vec<Office>,
    /// Mentions with their link scores.
    mentions: Vec<(usize, f32)>,
    /// The last mention, for salience.
    last: usize,
}

impl Person {
    /// A person (or office holder) opened by mention `i`.
    fn new(i: usize) -> Person {
        Person {
            words: Vec::new(),
            offices: Vec::new(),
            mentions: Vec::new(),
            last: i,
        }
    }

    /// Adds an office the person holds, once: every use of the list asks whether any office
    /// fits or clashes (or takes the first), so a repeat adds nothing but time, and a person
    /// named in every article of a long paste would otherwise make each test scan them all.
    fn add_office(&mut self, o: &Office) {
        if !self.offices.contains(o) {
            self.offices.push(o.clone());
        }
    }

    /// How well `o` fits one of the person's offices (0 when none is compatible).
    fn fit(&self, o: &Office) -> f32 {
        self.offices
            .iter()
            .filter_map(|x| x.compat(o))
            .fold(0.0f32, f32::max)
    }

    /// Whether the person cannot hold `o`: an office of another state, or the same office
    /// head with complements that do not fit.
    /// Whether the person holds an office of another state (`سفیر اسرائیل` is not
    /// `صدراعظم آلمان`). Direct evidence (an apposition) is refused only for this.
    fn owner_clashes(&self, o: &Office) -> bool {
        self.offices.iter().any(|p| p.owner_clash(o))
    }

    fn clashes(&self, o: &Office) -> bool {
        self.offices
            .iter()
            .any(|p| p.owner_clash(o) || (p.head == o.head && p.compat(o).is_none()))
            && !self.offices.iter().any(|p| p.compat(o).is_some())
    }

    /// [`Person::clashes`] for a link without direct evidence: an office the text gives with
    /// no state is read as one of the country the press writes from (`data/lexicon/offices.tsv`,
    /// kind `home`), so a local official does not take `رئیس جمهوری آمریکا`.
    fn clashes_at_home(&self, o: &Office) -> bool {
        let home = &office_lex().home;
        let at_home = |x: &Office| {
            if x.owner.is_empty() {
                Office {
                    owner: home.clone(),
                    ..x.clone()
                }
            } else {
                x.clone()
            }
        };
        let o = at_home(o);
        self.clashes(&o)
            || self
                .offices
                .iter()
                .any(|p| p.head != o.head && at_home(p).owner_clash(&o))
                && !self.offices.iter().any(|p| p.compat(&o).is_some())
    }
}

/// Clusters `mentions` (sorted by start). Returns the clusters, each mention's cluster and
/// each mention's link score (how sure its cluster is; 1 for a mention that opens one).
pub fn cluster(doc: &Doc, mentions: &[Mention]) -> (Vec<Cluster>, Vec<Option<usize>>, Vec<f32>) {
    let text = doc.text();
    let n = mentions.len();
    let (sent, subject) = positions(doc, mentions);
    let mut people: Vec<Person> = Vec::new();
    let mut person_of: Vec<Option<usize>> = vec![None; n];
    let mut score = vec![1.0f32; n];

    // 1. Names.
    let names: Vec<String> = mentions
        .iter()
        .map(|m| clean(lexicon::strip_titles(&text[m.range.clone()])).to_string())
        .collect();
    let words: Vec<Vec<String>> = (0..n)
        .map(|i| {
            if mentions[i].kind == EntityType::Per {
                flat_words(&names[i])
            } else {
                Vec::new()
            }
        })
        .collect();
    let mut index: HashMap<String, Vec<usize>> = HashMap::new();
    let keys = |w: &[String]| -> Vec<String> {
        let mut k = vec![w[w.len() - 1].clone()];
        if w.len() > 1 {
            k.push(w[w.len() - 2..].concat());
        }
        k
    };
    for i in 0..n {
        let w = &words[i];
        if w.is_empty() {
            continue;
        }
        let joined = w.concat();
        let mut best: Option<(usize, f32)> = None;
        let mut fits = 0;
        let mut seen: Vec<usize> = Vec::new();
        for k in keys(w) {
            for &p in index.get(&k).into_iter().flatten() {
                if seen.contains(&p) {
                    continue;
                }
                seen.push(p);
                let pj = people[p].words.concat();
                let s = if pj == joined {
                    1.0
                } else if pj.ends_with(&joined) || joined.ends_with(&pj) {
                    if w.len() > 1 && people[p].words.len() > 1 {
                        0.9
                    } else {
                        0.85
                    }
                } else {
                    continue;
                };
                fits += 1;
                let better = match best {
                    None => true,
                    Some((b, bs)) => s > bs || (s == bs && people[p].last > people[b].last),
                };
                if better {
                    best = Some((p, s));
                }
            }
        }
        let (p, s) = match best {
            // A surname that fits several people: the last one mentioned, less surely.
            Some((p, s)) => (p, if fits > 1 && s < 1.0 { 0.6 } else { s }),
            None => {
                people.push(Person::new(i));
                (people.len() - 1, 1.0)
            }
        };
        if w.len() > people[p].words.len() {
            people[p].words = w.clone();
        }
        for k in keys(w) {
            let e = index.entry(k).or_default();
            if !e.contains(&p) {
                e.push(p);
            }
        }
        people[p].mentions.push((i, s));
        people[p].last = i;
        person_of[i] = Some(p);
        score[i] = s;
    }

    // 2. Appositions.
    let is = |i: usize, k: EntityType| mentions[i].kind == k;
    let gap = |a: usize, b: usize| -> &str {
        text.get(mentions[a].range.end..mentions[b].range.start)
            .unwrap_or("x")
            .trim()
    };
    let offices: Vec<Office> = (0..n)
        .map(|i| {
            if is(i, EntityType::Role) {
                Office::parse(&flat_words(&text[mentions[i].range.clone()]))
            } else {
                Office::default()
            }
        })
        .collect();
    let link = |people: &mut Vec<Person>,
                person_of: &mut Vec<Option<usize>>,
                score: &mut Vec<f32>,
                i: usize,
                p: usize,
                s: f32| {
        people[p].mentions.push((i, s));
        people[p].add_office(&offices[i]);
        people[p].last = people[p].last.max(i);
        person_of[i] = Some(p);
        score[i] = s;
    };
    for i in 0..n {
        if !is(i, EntityType::Role) {
            continue;
        }
        // Person, (comma / parenthesis / quote mark,) role.
        let before = (i > 0 && is(i - 1, EntityType::Per))
            .then(|| i - 1)
            .filter(|&j| {
                let g = gap(j, i).trim_matches(['»', '"', '”', '«', '“']).trim();
                matches!(g, "" | "،" | "," | "(" | "-" | "–")
            });
        // Role, person: `وزیر دفاع امیر سرتیپ حاتمی`, `سخنگوی … «X»`; not a namesake that
        // names the body (`فرمانده قرارگاه حضرت …`, `رئیس بیمارستان امام …`).
        let after = (i + 1 < n && is(i + 1, EntityType::Per))
            .then_some(i + 1)
            .filter(|&j| matches!(gap(i, j), "" | "«" | "\"" | "“"))
            .filter(|&j| {
                let first = text[mentions[j].range.clone()]
                    .split([' ', '\u{200C}'])
                    .next()
                    .map(flat)
                    .unwrap_or_default();
                !office_lex().namesake.contains(&first)
            });
        let target = before.or(after).and_then(|j| person_of[j]);
        if let Some(p) = target {
            if !people[p].owner_clashes(&offices[i]) {
                link(&mut people, &mut person_of, &mut score, i, p, APPOSITION);
                continue;
            }
        }
        // A second office coordinated with an apposed one: `X، رهبر A و رهبر B`.
        if i > 0 && is(i - 1, EntityType::Role) && matches!(gap(i - 1, i), "و" | "،") {
            if let Some(p) = person_of[i - 1] {
                if score[i - 1] >= APPOSITION && !people[p].owner_clashes(&offices[i]) {
                    link(&mut people, &mut person_of, &mut score, i, p, COORDINATED);
                }
            }
        }
    }

    // 3. Offices in text order.
    let mut by_head: HashMap<String, Vec<usize>> = HashMap::new();
    for (p, person) in people.iter().enumerate() {
        for o in &person.offices {
            let e = by_head.entry(o.head.clone()).or_default();
            if !e.contains(&p) {
                e.push(p);
            }
        }
    }
    // Recent person events (mention, person), for salience.
    let mut recent: Vec<(usize, usize)> = Vec::with_capacity(RECENT + 1);
    // Subject person mentions in text order, for the lead convention.
    let subjects: Vec<usize> = (0..n)
        .filter(|&j| is(j, EntityType::Per) && subject[j])
        .collect();
    let mut next_subject = 0;
    let pers: Vec<usize> = (0..n).filter(|&j| is(j, EntityType::Per)).collect();
    let mut next_per = 0;
    // The headline and the lead: up to the first sentence of more than three tokens, and the
    // one after it.
    let lead_end = doc
        .sentences
        .iter()
        .position(|x| x.tokens.len() > 3)
        .unwrap_or(0)
        + 1;
    let mut office_only: HashMap<String, Vec<usize>> = HashMap::new();
    for i in 0..n {
        if let (true, Some(p)) = (is(i, EntityType::Per), person_of[i]) {
            recent.push((i, p));
            if recent.len() > RECENT {
                recent.remove(0);
            }
            continue;
        }
        if !is(i, EntityType::Role) {
            continue;
        }
        if let Some(p) = person_of[i] {
            recent.push((i, p));
            if recent.len() > RECENT {
                recent.remove(0);
            }
            continue;
        }
        let o = &offices[i];
        let mut cands: Vec<(usize, f32)> = Vec::new();
        for &p in by_head.get(&o.head).into_iter().flatten() {
            if people[p].words.is_empty() {
                continue;
            }
            let c = people[p].fit(o);
            if c > 0.0 {
                cands.push((p, SAME_OFFICE * c));
            }
        }
        if subject[i] {
            for &(j, p) in recent.iter().rev() {
                let d = sent[i].saturating_sub(sent[j]);
                if d == 0 || d > BACK_SENTENCES || people[p].words.is_empty() {
                    continue;
                }
                cands.push((p, SALIENT - DECAY * (d - 1) as f32));
                break;
            }
        }
        while next_subject < subjects.len() && subjects[next_subject] <= i {
            next_subject += 1;
        }
        while next_per < pers.len() && pers[next_per] <= i {
            next_per += 1;
        }
        // The lead convention: a role in the headline or lead takes the next person named
        // (a glued subtitle may hide the subject position); a subject role later in the text
        // takes the next subject person; any other role only a person named in the next
        // sentence who holds no office yet.
        let lead = sent[i] <= lead_end && (subject[i] || sent[i] + 1 == lead_end);
        let ahead = if lead || subject[i] {
            if lead {
                pers.get(next_per)
            } else {
                subjects.get(next_subject)
            }
            .map(|&j| (j, AHEAD))
        } else {
            pers.get(next_per)
                .filter(|&&j| person_of[j].is_some_and(|p| people[p].offices.is_empty()))
                .map(|&j| (j, AHEAD - DECAY))
        };
        if let Some((j, base)) = ahead {
            let d = sent[j].saturating_sub(sent[i]);
            let reach = if lead || subject[i] {
                AHEAD_SENTENCES
            } else {
                1
            };
            if d > 0 && d <= reach {
                if let Some(p) = person_of[j] {
                    cands.push((p, base - DECAY * (d - 1) as f32));
                }
            }
        }
        let best = cands
            .into_iter()
            .filter(|&(p, s)| {
                if s >= SAME_OFFICE * 0.75 {
                    !people[p].clashes(o)
                } else {
                    !people[p].clashes_at_home(o)
                }
            })
            .fold(None::<(usize, f32)>, |b, (p, s)| match b {
                Some((_, bs)) if bs >= s => b,
                _ => Some((p, s)),
            })
            .filter(|&(_, s)| s >= THRESHOLD);
        let p = match best {
            Some((p, s)) => {
                link(&mut people, &mut person_of, &mut score, i, p, s);
                p
            }
            None => {
                // An office with no named holder: the same office mentioned before.
                let same = office_only
                    .get(&o.head)
                    .into_iter()
                    .flatten()
                    .filter_map(|&p| {
                        let c = people[p].fit(o);
                        (c > 0.0).then_some((p, c))
                    })
                    .fold(None::<(usize, f32)>, |b, (p, s)| match b {
                        Some((_, bs)) if bs >= s => b,
                        _ => Some((p, s)),
                    });
                match same {
                    Some((p, c)) => {
                        link(
                            &mut people,
                            &mut person_of,
                            &mut score,
                            i,
                            p,
                            SAME_OFFICE * c,
                        );
                        p
                    }
                    None => {
                        people.push(Person::new(i));
                        let p = people.len() - 1;
                        link(&mut people, &mut person_of, &mut score, i, p, 1.0);
                        office_only.entry(o.head.clone()).or_default().push(p);
                        p
                    }
                }
            }
        };
        let e = by_head.entry(o.head.clone()).or_default();
        if !e.contains(&p) {
            e.push(p);
        }
        if !people[p].words.is_empty() {
            recent.push((i, p));
            if recent.len() > RECENT {
                recent.remove(0);
            }
        }
    }

    // An office named before its holder got it (a headline role before the lead's
    // apposition): the one named person holding a compatible office.
    for q in 0..people.len() {
        if !people[q].words.is_empty() || people[q].offices.is_empty() {
            continue;
        }
        let o = people[q].offices[0].clone();
        let fits: Vec<(usize, f32)> = by_head
            .get(&o.head)
            .into_iter()
            .flatten()
            .filter(|&&p| p != q && !people[p].words.is_empty())
            .filter_map(|&p| {
                let c = people[p].fit(&o);
                (c > 0.0).then_some((p, c))
            })
            .collect();
        if let [(p, c)] = fits[..] {
            let moved = std::mem::take(&mut people[q].mentions);
            for (m, _) in moved {
                people[p].mentions.push((m, SAME_OFFICE * c * 0.9));
                score[m] = SAME_OFFICE * c * 0.9;
            }
            for o in std::mem::take(&mut people[q].offices) {
                people[p].add_office(&o);
            }
        }
    }

    // Clusters: people (and office holders) first, then other types by flat form.
    let mut clusters: Vec<Cluster> = Vec::new();
    let mut of: Vec<Option<usize>> = vec![None; n];
    for p in people.iter().filter(|p| !p.mentions.is_empty()) {
        let c = clusters.len();
        let mut ms: Vec<usize> = p.mentions.iter().map(|&(m, _)| m).collect();
        ms.sort_unstable();
        ms.dedup();
        for &m in &ms {
            of[m] = Some(c);
        }
        let best = ms
            .iter()
            .filter(|&&m| is(m, EntityType::Per))
            .max_by_key(|&&m| (words[m].len(), std::cmp::Reverse(m)));
        let (kind, canonical) = match best {
            Some(&m) => (EntityType::Per, names[m].clone()),
            None => (
                EntityType::Role,
                text[mentions[ms[0]].range.clone()].to_string(),
            ),
        };
        clusters.push(Cluster {
            kind,
            canonical,
            mentions: ms,
        });
    }
    let mut by_form: HashMap<(EntityType, String), usize> = HashMap::new();
    for i in 0..n {
        if of[i].is_some() {
            continue;
        }
        let k = (
            mentions[i].kind,
            flat_words(&text[mentions[i].range.clone()]).concat(),
        );
        let c = *by_form.entry(k).or_insert_with(|| {
            clusters.push(Cluster {
                kind: mentions[i].kind,
                canonical: text[mentions[i].range.clone()].to_string(),
                mentions: Vec::new(),
            });
            clusters.len() - 1
        });
        clusters[c].mentions.push(i);
        of[i] = Some(c);
    }
    (clusters, of, score)
}

/// A name without the quote marks a mention may carry inside it.
fn clean(s: &str) -> &str {
    s.trim_matches(|c: char| matches!(c, '«' | '»' | '"' | '“' | '”') || c.is_whitespace())
}

/// Per mention: its sentence index, and whether it opens its sentence's clause as a subject
/// (nothing before it but punctuation, or a provenance opener closed by a comma:
/// `به گزارش ایسنا، X …`). One pass over sentences and mentions together.
fn positions(doc: &Doc, mentions: &[Mention]) -> (Vec<usize>, Vec<bool>) {
    let text = doc.text();
    let mut sent = vec![0; mentions.len()];
    let mut subject = vec![false; mentions.len()];
    let mut s = 0;
    let mut t = 0;
    for (i, m) in mentions.iter().enumerate() {
        while s + 1 < doc.sentences.len() && doc.sentences[s].range.end <= m.range.start {
            s += 1;
        }
        sent[i] = s;
        let Some(sn) = doc.sentences.get(s) else {
            continue;
        };
        t = t.max(sn.tokens.start);
        while t < sn.tokens.end && doc.tokens[t].range.end <= m.range.start {
            t += 1;
        }
        let before = &doc.tokens[sn.tokens.start..t.min(sn.tokens.end)];
        // A demonstrative before a role (`این سناتور`) still leaves it in subject position.
        let demonstrative = |x: &crate::segment::Token| {
            matches!(&text[x.range.clone()], "این" | "آن" | "همین" | "همان")
        };
        let lead_words = before.iter().filter(|x| x.is_word).count();
        let words = if lead_words == 1 && before.iter().any(|x| x.is_word && demonstrative(x)) {
            0
        } else {
            lead_words
        };
        let tok = |k: usize| &text[before[k].range.clone()];
        subject[i] = words == 0
            || (words <= 8
                && tok(before.len() - 1) == "،"
                && before
                    .iter()
                    .position(|x| x.is_word)
                    .is_some_and(|f| matches!(tok(f), "به" | "بنابر" | "براساس" | "طبق"))
                && !before[..before.len() - 1]
                    .iter()
                    .any(|x| matches!(&text[x.range.clone()], "،" | "," | ":")));
    }
    (sent, subject)
}
