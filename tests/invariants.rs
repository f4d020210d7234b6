//! The promises of the analysis (`negah::invariants`) over generated Persian-heavy text:
//! letters of every Arabic-script variety, ZWNJ and ZWJ, Persian and Arabic digits, quotes,
//! guillemets and colons in odd places, Latin, emoji and other non-BMP characters, combining
//! marks, CR/LF mixes and control characters.
//!
//! `make test` runs a small fixed-seed count (the same cases every run, so CI is not a
//! lottery); `make proptest` runs many random cases (`NEGAH_PROPTEST_CASES`,
//! `NEGAH_PROPTEST_RANDOM=1`).

use negah::document::EditKind;
use negah::invariants::{check, check_text};
use negah::normalize::style::STYLES;
use negah::normalize::{normalize, DigitStyle, NormOptions};
use negah::Options;
use proptest::prelude::*;
use proptest::test_runner::RngSeed;

fn config(default_cases: u32) -> ProptestConfig {
    let cases = std::env::var("NEGAH_PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(default_cases);
    let rng_seed = if std::env::var_os("NEGAH_PROPTEST_RANDOM").is_some() {
        RngSeed::Random
    } else {
        RngSeed::Fixed(0x6e65_6761_6800)
    };
    ProptestConfig {
        cases,
        rng_seed,
        // Failures are kept as regression tests below, by hand, with their story.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Pieces of news text and of what breaks it.
fn atom() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        // Words, affixes, names, cues, titles, boilerplate.
        "سال",
        "ها",
        "های",
        "می",
        "نمی",
        "کتاب",
        "خانه",
        "ای",
        "اند",
        "ترین",
        "به",
        "در",
        "که",
        "را",
        "از",
        "و",
        "با",
        "وزیر",
        "دفاع",
        "امیر",
        "سرتیپ",
        "حاتمی",
        "محمد",
        "جواد",
        "ظریف",
        "تهران",
        "ایران",
        "عراق",
        "وزارت",
        "خارجه",
        "گفت",
        "گفت:",
        "اظهار داشت",
        "افزود",
        "تصریح کرد",
        "خبرگزاری",
        "ایرنا",
        "انتهای پیام/",
        "اخبار پیشنهادی",
        "بیتالمقدس",
        "میورزند",
        "سالهای",
        "یکدیگرندبه",
        "روز",
        "شنبه",
        "ریال",
        "درصد",
        "دلار",
        // Arabic letter variants, presentation forms, Arabic text.
        "ي",
        "ك",
        "ى",
        "ة",
        "ۀ",
        "ﻻ",
        "ﻛ",
        "ﺑ",
        "ﷲ",
        "قال",
        "الوزير",
        "أن",
        "إلى",
        // Digits of three scripts, separators.
        "0",
        "7",
        "1398",
        "٤",
        "٢٠",
        "۱۴۰۲",
        "۳٫۵",
        "3.5",
        "12,000",
        "٪",
        "%",
        "/",
        // Punctuation, guillemets and colons anywhere.
        "،",
        "؛",
        "؟",
        "?",
        "!",
        ".",
        "...",
        "…",
        ",",
        ";",
        ":",
        "::",
        "«",
        "»",
        "««",
        "»»",
        "\"",
        "'",
        "(",
        ")",
        "[",
        "-",
        "—",
        "*",
        "<",
        ">",
        "&",
        "<b>",
        "</p>",
        "&amp;",
        // Latin and English.
        "a",
        "Z",
        "the minister said",
        "BBC",
        "www.",
        "http://x.ir/a_b",
        "a@b.ir",
        "mp3",
        // Spaces, joiners, marks, controls, line breaks.
        " ",
        " ",
        "  ",
        "\t",
        "\u{200c}",
        "\u{200c}\u{200c}",
        "\u{200d}",
        "\u{200e}",
        "\u{200f}",
        "\u{202b}",
        "\u{2067}",
        "\u{feff}",
        "\u{a0}",
        "\u{ad}",
        "\u{0}",
        "\u{1}",
        "\u{7f}",
        "\u{85}",
        "\u{2028}",
        "\u{fffd}",
        "\n",
        "\r\n",
        "\r",
        "\n\n",
        "َ",
        "ُ",
        "ّ",
        "ٔ",
        "ً",
        "ـ",
        "\u{0301}",
        "e\u{0301}",
        "\u{0654}",
        // Emoji and other non-BMP characters.
        "😀",
        "❤️\u{200d}🔥",
        "👨\u{200d}👩\u{200d}👧",
        "👍🏽",
        "🇮🇷",
        "𝒜",
        "𠀀",
        "\u{1F3F3}\u{FE0F}",
    ]);
    prop_oneof![
        12 => pieces.prop_map(str::to_string),
        1 => any::<char>().prop_map(|c| c.to_string()),
    ]
}

fn persian_heavy() -> impl Strategy<Value = String> {
    prop::collection::vec(atom(), 0..40).prop_map(|v| v.concat())
}

fn options() -> impl Strategy<Value = Options> {
    (
        prop::collection::vec(0..EditKind::ALL.len(), 0..3),
        0usize..4,
        0..STYLES.len(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            |(disabled, digits, style, no_entities, no_quotes)| Options {
                normalize: NormOptions {
                    disabled: disabled.into_iter().map(|k| EditKind::ALL[k]).collect(),
                    style: STYLES[style].2,
                    digits: [
                        None,
                        Some(DigitStyle::Persian),
                        Some(DigitStyle::Ascii),
                        Some(DigitStyle::Keep),
                    ][digits],
                },
                no_entities,
                no_quotes,
                ..Options::default()
            },
        )
}

proptest! {
    #![proptest_config(config(96))]

    /// Every promise of one analysis, in every offset unit, twice, and idempotent
    /// normalization, with the default options.
    #[test]
    fn analysis_keeps_its_promises(text in persian_heavy()) {
        if let Err(e) = check_text(&text, &Options::default()) {
            prop_assert!(false, "{e}\ntext: {text:?}");
        }
    }

    /// The same under any options (kinds switched off, digit styles, stages skipped).
    #[test]
    fn analysis_keeps_its_promises_under_any_options(text in persian_heavy(), opts in options()) {
        if let Err(e) = check_text(&text, &opts) {
            prop_assert!(false, "{e}\ntext: {text:?}\noptions: {opts:?}");
        }
    }
}

proptest! {
    #![proptest_config(config(512))]

    /// The normalizer alone, cheaper, so more cases: idempotent, edits reversible.
    #[test]
    fn normalization_is_idempotent_and_reversible(text in persian_heavy()) {
        let opts = NormOptions::default();
        let n = normalize(&text, &opts);
        prop_assert_eq!(negah::document::apply(&text, &n.edits), n.text.clone());
        prop_assert_eq!(negah::document::revert(&text, &n.text, &n.edits), text.clone());
        prop_assert_eq!(normalize(&n.text, &opts).text, n.text.clone(), "text: {:?}", text);
    }
}

/// Texts the properties or the fuzzers once failed on, kept with the promise they broke.
#[test]
fn past_counterexamples_keep_their_promises() {
    for text in [
        // A ZWNJ before a direction mark: judged by the mark, then again without it.
        "\u{200c}\u{200f}سالسال",
        // A ZWNJ after a comma the punctuation pass turns into `،`.
        "سال,\u{200c}",
    ] {
        if let Err(e) = check_text(text, &Options::default()) {
            panic!("{e}\ntext: {text:?}");
        }
    }
}

#[test]
fn the_checker_catches_a_broken_analysis() {
    let text = "وزیر دفاع گفت: «اجازه نخواهیم داد.»";
    let good = check_text(text, &Options::default()).unwrap();
    assert!(!good.quotes.is_empty() && !good.entities.is_empty());
    let mut bad = good.clone();
    bad.quotes[0].content.end = text.chars().count() + 5;
    assert!(check(text, &bad).is_err());
    let mut bad = good.clone();
    bad.entities[0].span.text.push('x');
    assert!(check(text, &bad).is_err());
    let mut bad = good.clone();
    bad.normalized.push('x');
    assert!(check(text, &bad).is_err());
    let mut bad = good;
    if let Some(c) = bad.clusters.first_mut() {
        c.mentions.push(999);
        assert!(check(text, &bad).is_err());
    }
}
