//! End-to-end checks of the Rust library on the seed article and on offset edge cases.

use negah::document::{revert, Edit, OffsetUnit};
use negah::{analyze, Analysis, Options};

const SEED: &str = include_str!("fixtures/seed_article.txt");

fn analyze_cp(text: &str) -> Analysis {
    analyze(text, &Options::default())
}

/// Slices `text` by code-point offsets.
fn cp_slice(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

/// Slices `text` by UTF-16 offsets.
fn u16_slice(text: &str, start: usize, end: usize) -> String {
    let units: Vec<u16> = text.encode_utf16().collect();
    String::from_utf16(&units[start..end]).expect("span cuts a surrogate pair")
}

/// Every span of an analysis must slice to its own `text` in the original, and its normalized
/// coordinates must lie inside the normalized text.
fn check_spans(a: &Analysis, slice: fn(&str, usize, usize) -> String) {
    let norm_len = match a.offsets {
        OffsetUnit::Utf16 => a.normalized.encode_utf16().count(),
        _ => a.normalized.chars().count(),
    };
    let mut spans = Vec::new();
    spans.extend(a.sentences.iter().map(|s| &s.span));
    spans.extend(a.entities.iter().map(|e| &e.span));
    spans.extend(a.boilerplate.iter().map(|b| &b.span));
    for q in &a.quotes {
        spans.push(&q.content);
        spans.extend(q.cue.iter());
        spans.extend(q.speaker.iter());
    }
    for s in spans {
        assert!(s.start <= s.end && s.norm_start <= s.norm_end && s.norm_end <= norm_len);
        assert_eq!(slice(&a.text, s.start, s.end), s.text);
    }
}

#[test]
fn seed_article_spans_slice_to_their_text() {
    let a = analyze_cp(SEED);
    assert!(!a.entities.is_empty() && !a.quotes.is_empty());
    check_spans(&a, cp_slice);
    let a16 = analyze(
        SEED,
        &Options {
            offsets: OffsetUnit::Utf16,
            ..Options::default()
        },
    );
    check_spans(&a16, u16_slice);
}

#[test]
fn seed_article_edits_revert_to_the_original() {
    let a = analyze_cp(SEED);
    assert!(!a.edits.is_empty(), "the seed article needs normalizing");
    // Rebuild byte edits from the code-point edits and undo them.
    let byte_at = |cp: usize| SEED.char_indices().nth(cp).map_or(SEED.len(), |(i, _)| i);
    let edits: Vec<Edit> = a
        .edits
        .iter()
        .map(|e| {
            Edit::new(
                byte_at(e.start)..byte_at(e.end),
                e.replacement.clone(),
                e.kind,
            )
        })
        .collect();
    assert_eq!(revert(SEED, &a.normalized, &edits), SEED);
    for e in &a.edits {
        assert_eq!(cp_slice(SEED, e.start, e.end), e.original);
        assert_eq!(
            cp_slice(&a.normalized, e.norm_start, e.norm_end),
            e.replacement
        );
    }
}

#[test]
fn seed_article_has_quotes_people_and_boilerplate() {
    let a = analyze_cp(SEED);
    assert!(a.quotes.len() >= 6, "found {} quotes", a.quotes.len());
    assert!(a
        .entities
        .iter()
        .any(|e| e.span.text == "امیر سرتیپ حاتمی" && e.kind.name() == "PER"));
    let footer = a.boilerplate.first().expect("footer marked");
    assert!(footer.span.text.starts_with("انتهای پیام"));
    // Nothing inside the footer is reported as an entity or a quote.
    assert!(a.entities.iter().all(|e| e.span.start < footer.span.start));
    assert!(a.quotes.iter().all(|q| q.content.start < footer.span.start));
}

#[test]
fn each_of_several_pasted_articles_keeps_its_own_footer_only() {
    // The seed article twice, as a journalist pasting two articles at once: the first
    // footer must not swallow the second article, whose quotes and names count again.
    let one = analyze_cp(SEED);
    let two = analyze_cp(&format!("{SEED}\n{SEED}"));
    assert_eq!(one.boilerplate.len(), 1);
    assert_eq!(two.boilerplate.len(), 2);
    for b in &two.boilerplate {
        assert_eq!(b.span.text, one.boilerplate[0].span.text);
    }
    assert_eq!(two.quotes.len(), 2 * one.quotes.len());
    let second = two.boilerplate[0].span.end;
    let names = |a: &Analysis, from: usize| {
        a.entities
            .iter()
            .filter(|e| e.span.start >= from && e.kind.name() == "PER")
            .count()
    };
    assert_eq!(names(&two, second), names(&one, 0));
}

#[test]
fn headline_quote_speaker_is_the_role() {
    let a = analyze_cp("وزیر دفاع گفت: اجازه نخواهیم داد.");
    assert_eq!(a.quotes.len(), 1);
    let q = &a.quotes[0];
    assert_eq!(q.speaker.as_ref().unwrap().text, "وزیر دفاع");
    assert_eq!(q.cue.as_ref().unwrap().text, "گفت");
    assert!(q.content.text.starts_with("اجازه نخواهیم داد"));
}

#[test]
fn offsets_count_emoji_zwnj_and_crlf() {
    let text = "😀 خبر\r\nوزیر دفاع گفت: سال\u{200c}های ۱۳۹۸ خوب بود.\r\nانتهای پیام/\r\n";
    let cp = analyze_cp(text);
    check_spans(&cp, cp_slice);
    let u16 = analyze(
        text,
        &Options {
            offsets: OffsetUnit::Utf16,
            ..Options::default()
        },
    );
    check_spans(&u16, u16_slice);
    let (qc, qu) = (&cp.quotes[0], &u16.quotes[0]);
    // The emoji is one code point but two UTF-16 units.
    assert_eq!(
        qu.speaker.as_ref().unwrap().start,
        qc.speaker.as_ref().unwrap().start + 1
    );
    assert_eq!(qc.speaker.as_ref().unwrap().start, 7);
    assert_eq!(qc.speaker.as_ref().unwrap().text, "وزیر دفاع");
    assert_eq!(u16.text, text);
}

#[test]
fn empty_and_whitespace_input_give_empty_analyses() {
    for t in ["", " \n\r\n\t"] {
        let a = analyze_cp(t);
        assert_eq!(a.text, t);
        assert!(a.entities.is_empty() && a.quotes.is_empty() && a.sentences.is_empty());
    }
}

#[test]
fn analysis_round_trips_through_json() {
    let a = analyze_cp(SEED);
    let json = serde_json::to_string(&a).unwrap();
    let back: Analysis = serde_json::from_str(&json).unwrap();
    assert_eq!(back, a);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["schema_version"], 1);
    for key in [
        "text",
        "normalized",
        "edits",
        "sentences",
        "entities",
        "clusters",
        "quotes",
        "boilerplate",
        "warnings",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
}

mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// Any text, however odd: no panic, spans slice to their text, edits undo exactly.
        #[test]
        fn any_text_analyzes_and_reverts(
            text in "[ا-یيكى٠-٩0-9 \u{200c}\u{200d}\u{064b}\u{0640}:«»\"،.؟!\n\r😀a-z]{0,80}"
        ) {
            let a = analyze_cp(&text);
            prop_assert_eq!(&a.text, &text);
            check_spans(&a, cp_slice);
            let byte_at = |cp: usize| text.char_indices().nth(cp).map_or(text.len(), |(i, _)| i);
            let edits: Vec<Edit> = a
                .edits
                .iter()
                .map(|e| Edit::new(byte_at(e.start)..byte_at(e.end), e.replacement.clone(), e.kind))
                .collect();
            prop_assert_eq!(revert(&text, &a.normalized, &edits), text.clone());
        }
    }
}

#[test]
fn each_quote_says_whether_it_is_certain_by_the_one_threshold() {
    let a = analyze_cp(SEED);
    assert!(
        a.quotes.iter().any(|q| q.certain),
        "the seed article has certain quotes"
    );
    for q in &a.quotes {
        // `confidence` is rounded to three decimals; the flag is set from the unrounded value.
        let threshold = f64::from(negah::quotes::CERTAIN);
        if (q.confidence - threshold).abs() > 0.001 {
            assert_eq!(
                q.certain,
                q.confidence >= threshold,
                "quote {}: {}",
                q.id,
                q.confidence
            );
        }
    }
    let json = serde_json::to_value(&a).unwrap();
    assert!(json["quotes"][0]["certain"].is_boolean());
}

#[test]
fn emoji_sequences_keep_their_joiners() {
    let text = "خبر ❤️\u{200d}🔥 و 👨\u{200d}👩\u{200d}👧 امروز";
    let a = analyze_cp(text);
    assert_eq!(a.text, text);
    assert!(a.normalized.contains("❤️\u{200d}🔥"), "{:?}", a.normalized);
    assert!(a.normalized.contains("👨\u{200d}👩\u{200d}👧"));
    assert!(a.edits.iter().all(|e| !e.original.contains('\u{200d}')));
}

#[test]
fn text_without_persian_is_warned_about_and_gets_no_entities_or_quotes() {
    for (text, what) in [
        (
            "The minister said: we will not allow it.\nBarack Obama visited Paris on Monday.",
            "another script",
        ),
        (
            "قال وزير الدفاع: لن نسمح بذلك. وزارة الخارجية العراقية",
            "Arabic",
        ),
    ] {
        let a = analyze_cp(text);
        assert_eq!(a.text, text);
        assert!(a.entities.is_empty() && a.quotes.is_empty(), "{text}");
        let w = a.warnings.iter().find(|w| w.code == "not-persian").unwrap();
        assert!(w.message.contains(what), "{}", w.message);
        assert!(!a.sentences.is_empty(), "the text is still segmented");
    }
}

#[test]
fn english_sentences_inside_persian_text_are_left_to_themselves() {
    let text = "وزیر دفاع گفت: اجازه نخواهیم داد.\nThe minister said: we will not allow it.";
    let a = analyze_cp(text);
    assert!(a.warnings.is_empty());
    assert_eq!(a.quotes.len(), 1);
    assert!(a.quotes[0].content.text.starts_with("اجازه"));
    let english = text.find("The").unwrap();
    let english_cp = text[..english].chars().count();
    assert!(a.entities.iter().all(|e| e.span.start < english_cp));
    // A short Persian text with neither Persian-only nor Arabic-only letters is Persian.
    assert!(analyze_cp("سلام").warnings.is_empty());
}

#[test]
fn a_line_of_digits_is_still_read_among_english_lines() {
    let text = "وزیر دفاع گفت: اجازه نخواهیم داد.\n۱۴۰۲/۰۵/۱۲\nPosted by admin.";
    let a = analyze_cp(text);
    let date = a.entities.iter().find(|e| e.span.text == "۱۴۰۲/۰۵/۱۲");
    assert!(
        date.is_some_and(|d| d.kind.name() == "DAT"),
        "{:?}",
        a.entities
    );
}
