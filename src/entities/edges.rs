//! Span edges as the product annotates them (`ENTITY_GUIDELINES.md` §4, §8), where the
//! corpora the tagger learned from draw them otherwise: PEYMA and ARMAN keep generic heads
//! inside names (`کشور سوریه`, `روزنامه نیویورک تایمز`, `روابط عمومی وزارت دفاع`) and call
//! `جمهوری اسلامی ایران` an organization; the page shows the name alone (`سوریه`, `نیویورک
//! تایمز`, `وزارت دفاع`) and the state as a place. These run in `recognize` only: `negah tag`
//! keeps the corpora's conventions, which its scores are measured against.
//!
//! The head words are in `data/gazetteers/edge_heads.tsv`.

use super::features::{gaz, lookup_form, Lexicons};
use super::rules::{Kind, Phrases, Span};
use super::{EntityType, Source};
use std::collections::HashMap;
use std::sync::OnceLock;

/// What a head word does to the span it begins or precedes (see the data file).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Head {
    Place,
    Media,
    Subunit,
    Facility,
    Republic,
    Descriptor,
    Compound,
}

struct Heads {
    /// Flat forms of the words run together → kind.
    map: HashMap<String, Head>,
    max_n: usize,
}

fn heads() -> &'static Heads {
    static H: OnceLock<Heads> = OnceLock::new();
    H.get_or_init(|| {
        let mut map = HashMap::new();
        let mut max_n = 1;
        for (kind, phrase) in
            crate::data::pairs(include_str!("../../data/gazetteers/edge_heads.tsv")).skip(1)
        {
            let kind = match kind {
                "place" => Head::Place,
                "media" => Head::Media,
                "subunit" => Head::Subunit,
                "facility" => Head::Facility,
                "republic" => Head::Republic,
                "descriptor" => Head::Descriptor,
                "compound" => Head::Compound,
                _ => continue,
            };
            max_n = max_n.max(phrase.split_whitespace().count());
            map.insert(phrase.split_whitespace().map(lookup_form).collect(), kind);
        }
        Heads { map, max_n }
    })
}

/// The longest head phrase starting at token `i` within `i..end`: (token count, kind).
fn head_at(flats: &[String], i: usize, end: usize) -> Option<(usize, Head)> {
    let h = heads();
    let mut key = String::new();
    let mut best = None;
    for n in 1..=h.max_n.min(end.saturating_sub(i)) {
        key.push_str(&flats[i + n - 1]);
        if let Some(&k) = h.map.get(&key) {
            best = Some((n, k));
        }
    }
    best
}

/// Before the rules: a tagger span never ends inside a date phrase (`مجلس شورای اسلامی [سه]
/// شنبه`: the weekday `سه شنبه` starts inside the span), so a role built on the span does not
/// take the weekday's first word either.
pub fn before_rules(flats: &[String], spans: &mut [Span]) {
    let p = Phrases::builtin();
    for sp in spans.iter_mut() {
        let cut = (sp.start + 1..sp.end).find(
            |&k| matches!(p.at(flats, k), Some((n, Kind::Weekday | Kind::Month)) if k + n > sp.end),
        );
        if let Some(k) = cut {
            sp.end = k;
        }
    }
}

/// After the rules: generic heads leave names, a head alone is no name, a person named after
/// a street or building head is that place, and a republic named by its country is a place.
pub fn after_rules(flats: &[String], is_word: &[bool], spans: Vec<Span>) -> Vec<Span> {
    let refs: Vec<&str> = flats.iter().map(String::as_str).collect();
    let flags = Lexicons::builtin().flags(&refs);
    let place = |k: usize| flags[k] & (gaz::PLACE_B | gaz::PLACE_I) != 0;
    // A nationality adjective: a place name + `ی` / `یی` (`آلمانی`, `بریتانیایی`).
    let demonym = |k: usize| {
        let w = &flats[k];
        [w.strip_suffix("یی"), w.strip_suffix('ی')]
            .into_iter()
            .flatten()
            .any(|stem| Lexicons::builtin().flags(&[stem])[0] & gaz::PLACE_B != 0)
    };
    let mut out = Vec::with_capacity(spans.len());
    for mut sp in spans {
        let named = matches!(sp.kind, EntityType::Loc | EntityType::Org);
        let start = sp.start;
        match head_at(flats, sp.start, sp.end) {
            Some((n, Head::Place)) if named => sp.start += n,
            Some((n, Head::Subunit)) if sp.kind == EntityType::Org => sp.start += n,
            Some((n, Head::Media)) if sp.kind == EntityType::Org => {
                sp.start += n;
                if matches!(head_at(flats, sp.start, sp.end), Some((_, Head::Compound))) {
                    continue;
                }
                // Adjectives of the medium, while a word is left for the name.
                while sp.start + 1 < sp.end
                    && (demonym(sp.start)
                        || matches!(
                            head_at(flats, sp.start, sp.end),
                            Some((1, Head::Descriptor))
                        ))
                {
                    sp.start += 1;
                }
            }
            Some((_, Head::Republic)) if sp.kind == EntityType::Org && place(sp.end - 1) => {
                sp.kind = EntityType::Loc;
            }
            _ => {}
        }
        while sp.start < sp.end && !is_word[sp.start] {
            sp.start += 1;
        }
        // What is left of a name after its head must hold a word with letters (`شهر ۱۰`
        // names nothing); other spans (dates, numbers) are as the rules made them.
        let letters = |f: &String| f.chars().any(char::is_alphabetic);
        if sp.start == sp.end || sp.start > start && !flats[sp.start..sp.end].iter().any(letters) {
            continue;
        }
        if sp.kind == EntityType::Per {
            let before = (sp.start.saturating_sub(heads().max_n)..sp.start).find(|&j| {
                matches!(head_at(flats, j, sp.start), Some((n, Head::Facility)) if j + n == sp.start)
            });
            if let Some(j) = before {
                sp.start = j;
                sp.kind = EntityType::Fac;
                sp.source = Source::Rule;
            }
        }
        out.push(sp);
    }
    // A place span that took in a facility head may now overlap the span before it.
    out.sort_by_key(|sp| sp.start);
    let mut kept: Vec<Span> = Vec::with_capacity(out.len());
    for sp in out {
        match kept.last_mut() {
            Some(prev) if prev.end > sp.start => {
                if sp.kind == EntityType::Fac {
                    prev.end = sp.start;
                    if prev.start == prev.end {
                        kept.pop();
                    }
                    kept.push(sp);
                }
            }
            _ => kept.push(sp),
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(start: usize, end: usize, kind: EntityType) -> Span {
        Span {
            start,
            end,
            kind,
            source: Source::Model,
            score: 0.9,
        }
    }

    fn flats(words: &[&str]) -> (Vec<String>, Vec<bool>) {
        (
            words.iter().map(|w| lookup_form(w)).collect(),
            words
                .iter()
                .map(|w| w.chars().any(char::is_alphanumeric))
                .collect(),
        )
    }

    #[test]
    fn generic_heads_leave_the_name() {
        let (f, w) = flats(&[
            "در",
            "کشور",
            "سوریه",
            "و",
            "روزنامه",
            "«",
            "نیویورک",
            "تایمز",
            "»",
        ]);
        let out = after_rules(
            &f,
            &w,
            vec![span(1, 3, EntityType::Loc), span(4, 8, EntityType::Org)],
        );
        let got: Vec<(usize, usize)> = out.iter().map(|s| (s.start, s.end)).collect();
        assert_eq!(got, vec![(2, 3), (6, 8)]);
        // Adjectives of the medium go with the head, as long as a word is left.
        let (f, w) = flats(&[
            "روزنامه",
            "آلمانی",
            "بیلد",
            "و",
            "روزنامه",
            "نگاران",
            "شهر",
            "۱۰",
        ]);
        let out = after_rules(
            &f,
            &w,
            vec![
                span(0, 3, EntityType::Org),
                span(4, 6, EntityType::Org),
                span(6, 8, EntityType::Loc),
            ],
        );
        let got: Vec<(usize, usize)> = out.iter().map(|s| (s.start, s.end)).collect();
        assert_eq!(got, vec![(2, 3)]);
        let (f, w) = flats(&["روزنامه", "خبری", "ملی"]);
        let out = after_rules(&f, &w, vec![span(0, 3, EntityType::Org)]);
        assert_eq!((out[0].start, out[0].end), (2, 3));
        let (f, w) = flats(&["روزنامه", "خبری"]);
        let out = after_rules(&f, &w, vec![span(0, 2, EntityType::Org)]);
        assert_eq!((out[0].start, out[0].end), (1, 2));
        // Spans without a head keep their words, letters or not.
        let (f, w) = flats(&["۱۴۰۲/۰۵/۱۲"]);
        let out = after_rules(&f, &w, vec![span(0, 1, EntityType::Dat)]);
        assert_eq!(out.len(), 1);
        // A media head alone names nothing; a person span is no media name.
        let (f, w) = flats(&["وب‌سایت", "سایت", "علی"]);
        let out = after_rules(
            &f,
            &w,
            vec![span(0, 1, EntityType::Org), span(1, 3, EntityType::Per)],
        );
        assert_eq!(out.len(), 1);
        assert_eq!((out[0].start, out[0].kind), (1, EntityType::Per));
    }

    #[test]
    fn republic_of_a_country_is_a_place_and_a_street_is_no_person() {
        let (f, w) = flats(&["جمهوری", "اسلامی", "ایران", "جمهوری", "اسلامی"]);
        let out = after_rules(
            &f,
            &w,
            vec![span(0, 3, EntityType::Org), span(3, 5, EntityType::Org)],
        );
        assert_eq!(out[0].kind, EntityType::Loc);
        // No country at the end: the organization stays.
        assert_eq!(out[1].kind, EntityType::Org);
        let (f, w) = flats(&["بزرگراه", "شهید", "رستگار", "باز", "شد"]);
        let out = after_rules(&f, &w, vec![span(1, 3, EntityType::Per)]);
        assert_eq!(
            (out[0].start, out[0].end, out[0].kind),
            (0, 3, EntityType::Fac)
        );
    }

    #[test]
    fn a_span_does_not_end_inside_a_weekday() {
        let (f, _) = flats(&["مجلس", "شورای", "اسلامی", "سه", "شنبه", "گفت"]);
        let mut spans = vec![span(0, 4, EntityType::Org)];
        before_rules(&f, &mut spans);
        assert_eq!(spans[0].end, 3);
        // A weekday wholly inside is left alone.
        let mut spans = vec![span(0, 5, EntityType::Org)];
        before_rules(&f, &mut spans);
        assert_eq!(spans[0].end, 5);
    }
}
