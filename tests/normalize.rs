//! Behaviour of the whole normalizer: each rule on real examples, the seed article's known
//! cases, every edit kind switchable, and two properties over random Persian-like strings:
//! the edits always give back the original (reversibility), and normalizing normalized text
//! changes nothing (idempotence).

use negah::document::{apply, revert};
use negah::normalize::DigitStyle;
use negah::{normalize, EditKind, NormOptions};
use proptest::prelude::*;

const ZWNJ: &str = "\u{200c}";

fn norm(s: &str) -> String {
    normalize(s, &NormOptions::default()).text
}

fn without(kind: EditKind) -> NormOptions {
    NormOptions {
        disabled: vec![kind],
        ..NormOptions::default()
    }
}

#[test]
fn seed_article_known_cases() {
    let src = include_str!("fixtures/seed_article.txt");
    let n = normalize(src, &NormOptions::default());
    for want in [
        "بیت‌المقدس",
        "سال‌های",
        "می‌ورزند",
        "تعیین‌کننده",
        "نقش‌آفرینی‌های",
        "تل‌آویو",
        "یکدیگرند به گزارش",
        "بلندی‌های",
        "آمریکایی‌ها",
    ] {
        assert!(n.text.contains(want), "missing {want}");
    }
    for gone in ["بیتالمقدس", "سالهای", "میورزند", "یکدیگرندبه"] {
        assert!(!n.text.contains(gone), "still has {gone}");
    }
    assert!(n.edits.iter().any(|e| e.kind == EditKind::Split));
    // The site footer is marked, from «انتهای پیام/» to the end, and kept in the text.
    let bp = negah::boilerplate::find(&n.text);
    assert_eq!(bp.len(), 1);
    let footer = &n.text[bp[0].range.clone()];
    assert!(footer.starts_with("انتهای پیام/"), "{footer}");
    assert!(footer.ends_with("آخرین اخبار"), "{footer}");
    assert!(n.text[..bp[0].range.start].contains("تأکید می‌ورزند"));
    assert_eq!(revert(src, &n.text, &n.edits), src);
    assert_eq!(norm(&n.text), n.text);
}

#[test]
fn letters_and_presentation_forms() {
    assert_eq!(norm("علي كتاب موسى"), "علی کتاب موسی");
    assert_eq!(norm("این مدرسة قدیمی"), "این مدرسه قدیمی");
    assert_eq!(norm("\u{feb3}\u{fea0}\u{fe8e}\u{fea9}"), "سجاد");
    assert_eq!(norm("\u{fefb}زم است"), "لازم است");
    assert_eq!(norm("\u{fdf2}"), "الله");
    // Hamza forms and the ezafe on ه are kept.
    assert_eq!(norm("مسئله مؤسسه جزء آسیا"), "مسئله مؤسسه جزء آسیا");
    assert!(norm("خانۀ ما").contains("خانۀ ما"));
    assert!(norm("خانهٔ ما").contains("خانهٔ ما"));
}

#[test]
fn digits_and_decimals() {
    assert_eq!(norm("سال 1402 و ١٤٠٢"), "سال ۱۴۰۲ و ۱۴۰۲");
    assert_eq!(norm("رشد 3.5 درصدی"), "رشد ۳٫۵ درصدی");
    let ascii = NormOptions {
        digits: Some(DigitStyle::Ascii),
        ..NormOptions::default()
    };
    assert_eq!(normalize("رشد ۳٫۵ و ۱۲", &ascii).text, "رشد 3.5 و 12");
    let keep = NormOptions {
        digits: Some(DigitStyle::Keep),
        ..NormOptions::default()
    };
    assert_eq!(normalize("سال 1402", &keep).text, "سال 1402");
    // Model names and numbers with thousands separators stay as written.
    assert_eq!(norm("mp3"), "mp3");
    assert_eq!(norm("1,000"), "۱,۰۰۰");
}

#[test]
fn invisible_characters_and_stray_zwnj() {
    assert_eq!(norm("خبر\u{200f} فوری\u{200e}"), "خبر فوری");
    assert_eq!(norm("\u{feff}خبر\u{200b} فوری"), "خبر فوری");
    assert_eq!(norm("خبر\u{a0}فوری"), "خبر فوری");
    assert_eq!(norm("کتاب\u{200c}\u{200c}ها"), "کتاب\u{200c}ها");
    assert_eq!(norm("کتاب\u{200c} خوب"), "کتاب خوب");
    // After a non-joining letter a ZWNJ does nothing.
    assert_eq!(norm("دانشجو\u{200c}ها"), "دانشجوها");
    assert!(!norm("او می\u{200d}رود").contains('\u{200d}'));
}

#[test]
fn diacritics_kashida_and_repeats() {
    assert_eq!(norm("عَلِیّ رَفت"), "علی رفت");
    assert_eq!(norm("ســــلام"), "سلام");
    assert_eq!(norm("سلاممممممم دوستان"), "سلام دوستان");
    // Two identical letters are a spelling, not emphasis.
    assert_eq!(norm("الله مدد"), "الله مدد");
}

#[test]
fn punctuation_and_spacing() {
    assert_eq!(norm("سلام , دنیا"), "سلام، دنیا");
    assert_eq!(norm("سلام;دنیا"), "سلام؛ دنیا");
    assert_eq!(norm("چرا رفتی ?"), "چرا رفتی؟");
    assert_eq!(norm("او گفت \"بله\" و رفت"), "او گفت «بله» و رفت");
    assert_eq!(norm("و سپس..."), "و سپس…");
    assert_eq!(norm("واقعا؟؟؟؟ عالی!!!!"), "واقعا؟ عالی!");
    assert_eq!(norm("این ( سازمان ملل ) است"), "این (سازمان ملل) است");
    assert_eq!(norm("سلام     دنیا"), "سلام دنیا");
    // An odd number of quotes is not guessed at.
    assert_eq!(norm("او گفت \"بله و رفت"), "او گفت \"بله و رفت");
}

#[test]
fn latin_urls_and_emails_left_alone() {
    for s in [
        "Hello, world? Yes; no...",
        "https://www.example.com/a,b?c=1;d",
        "mail: a.b@example.com",
    ] {
        assert_eq!(norm(s), s);
    }
    assert_eq!(
        norm("نشانی https://a.ir/x?y=1 است"),
        "نشانی https://a.ir/x?y=1 است"
    );
}

#[test]
fn zwnj_in_joined_words() {
    for (i, o) in [
        ("سالهای", "سال‌های"),
        ("میورزند", "می‌ورزند"),
        ("نمیخواهد", "نمی‌خواهد"),
        ("کردهاند", "کرده‌اند"),
        ("بزرگترین", "بزرگ‌ترین"),
        ("تعیینکننده", "تعیین‌کننده"),
        ("بیتالمقدس", "بیت‌المقدس"),
        ("خانهای", "خانه‌ای"),
        ("کتابهایشان", "کتاب‌هایشان"),
    ] {
        assert_eq!(norm(i), o, "{i}");
    }
    // Verbs and participles the lexicon lacks, a hamza spelling, clitics after ی.
    for (i, o) in [
        ("میدمد", "می‌دمد"),
        ("بازفرستادهاند", "بازفرستاده‌اند"),
        ("برمیگشت", "برمی‌گشت"),
        ("آمریکائیها", "آمریکائی‌ها"),
        ("زندگیام", "زندگی‌ام"),
        ("زیستهام", "زیسته‌ام"),
        ("میدانند", "می‌دانند"),
        ("خانهشان", "خانه‌شان"),
        ("زیرعبارتها", "زیرعبارت‌ها"),
        // A plural with a possessive, not a noun with the copula; the perfect after a
        // participle.
        ("حرفهایم", "حرف‌هایم"),
        ("رفتهایم", "رفته‌ایم"),
    ] {
        assert_eq!(norm(i), o, "{i}");
    }
    // Conventionally joined plurals, the ezafe ی after ا, a long name after می.
    for w in ["آنها", "اینها", "جویای", "میرزاجواد"] {
        assert_eq!(norm(w), w);
    }
    // Compounds that writers spell joined far more often than with a ZWNJ stay joined;
    // compounds spelt with a ZWNJ get it back.
    for w in ["نگهداری", "روشنفکران", "کوهنورد"] {
        assert_eq!(norm(w), w);
    }
    assert_eq!(norm("برنامهریزی"), "برنامه‌ریزی");
    // Words that only look like affixed forms, and unknown names, stay whole.
    for w in ["میز", "میدان", "میلیون", "تنها", "بیمار", "بهتر", "ترامپ"]
    {
        assert_eq!(norm(w), w);
    }
    // A comparative or a personal ending after ی needs a stem the dictionary knows, a common
    // one or a compound: a rare web-only form before it is a name's letters.
    for w in ["فورستر", "ویلیام"] {
        assert_eq!(norm(w), w);
    }
    for (i, o) in [
        ("جوانتر", "جوان‌تر"),
        ("اصلیترین", "اصلی‌ترین"),
        ("تحصیلیام", "تحصیلی‌ام"),
        ("اندوهبارترین", "اندوه‌بارترین"),
    ] {
        assert_eq!(norm(i), o, "{i}");
    }
}

#[test]
fn spaced_affixes_join() {
    assert_eq!(norm("کتاب ها را خواندم"), "کتاب‌ها را خواندم");
    assert_eq!(norm("او می رود و نمی خواهد"), "او می‌رود و نمی‌خواهد");
    assert_eq!(norm("بزرگ تر و بزرگ ترین"), "بزرگ‌تر و بزرگ‌ترین");
    assert_eq!(norm("خانه ای بزرگ"), "خانه‌ای بزرگ");
    assert_eq!(norm("رفته اند"), "رفته‌اند");
    // After a non-joining letter the parts are simply joined.
    assert_eq!(norm("دانشجو ها"), "دانشجوها");
    // Two words are not merged because the lexicon knows a compound of them.
    assert_eq!(norm("آن را دید"), "آن را دید");
    // A compound written apart is joined in text that writes affixes apart, and left as
    // written in text that does not (the space is taken as meant there).
    assert_eq!(norm("هیچ وقت کتاب ها را دید"), "هیچ‌وقت کتاب‌ها را دید");
    assert_eq!(norm("هیچ وقت آمد"), "هیچ وقت آمد");
    // A compound whose head is made from a verb stem is a word in any text; a verb form
    // (خواهی) or a plain adjective (فرهنگی) after a noun is not such a head.
    assert_eq!(norm("دانش آموز آمد"), "دانش‌آموز آمد");
    assert_eq!(norm("غنی سازی اورانیوم"), "غنی‌سازی اورانیوم");
    assert_eq!(norm("میراث فرهنگی"), "میراث فرهنگی");
    assert_eq!(norm("او دست خواهی زد"), "او دست خواهی زد");
    assert_eq!(norm("خبر تکان دهنده"), "خبر تکان‌دهنده");
    // A second part that is no word on its own, where the whole is a known compound
    // inflected (اصلاح‌طلب + انه): the space is a lost ZWNJ.
    assert_eq!(norm("رفتار اصلاح طلبانه"), "رفتار اصلاح‌طلبانه");
    assert_eq!(norm("بیت المقدس"), "بیت‌المقدس");
}

#[test]
fn a_text_that_spaces_its_affixes_has_its_compounds_joined() {
    // A compound the lexicon spells with a ZWNJ is joined in a line that writes affixes
    // apart, or anywhere in a text that writes most of its affixes apart; elsewhere the
    // space is taken as meant.
    assert_eq!(norm("مردی خوش رفتار بود"), "مردی خوش رفتار بود");
    // Also when the compound's second part carries a plural or ی ending.
    assert_eq!(
        norm("کتاب ها را روزنامه نگاران آوردند"),
        "کتاب‌ها را روزنامه‌نگاران آوردند"
    );
    assert_eq!(
        norm("سال ها نظریه پردازانی آمدند"),
        "سال‌ها نظریه‌پردازانی آمدند"
    );
    assert_eq!(norm("روزنامه نگاران آمدند"), "روزنامه نگاران آمدند");
    assert_eq!(
        norm("کتاب ها و قلم ها و دفتر ها\nمردی خوش رفتار بود"),
        "کتاب‌ها و قلم‌ها و دفترها\nمردی خوش‌رفتار بود"
    );
    assert_eq!(
        norm("کتاب‌ها و قلم‌ها و میز‌ها را می‌آوردند و می‌بردند\nکتاب ها و قلم ها و دفتر ها\nمردی خوش رفتار بود"),
        "کتاب‌ها و قلم‌ها و میزها را می‌آوردند و می‌بردند\nکتاب‌ها و قلم‌ها و دفترها\nمردی خوش رفتار بود"
    );
}

#[test]
fn glued_words_split_conservatively() {
    let n = normalize("حامی یکدیگرندبه گزارش خبرگزاری", &NormOptions::default());
    assert_eq!(n.text, "حامی یکدیگرند به گزارش خبرگزاری");
    assert!(n.edits.iter().any(|e| e.kind == EditKind::Split));
    // Unknown words ending in a function word are not split.
    assert_eq!(norm("شیراز مادر"), "شیراز مادر");
}

#[test]
fn every_kind_can_be_switched_off() {
    let src = "علي  سالهای 12 ،  کتاب ها\u{200f} یکدیگرندبه ســلام?";
    let all = normalize(src, &NormOptions::default());
    for kind in EditKind::ALL {
        let n = normalize(src, &without(kind));
        assert!(n.edits.iter().all(|e| e.kind != kind), "{kind:?}");
        assert_eq!(apply(src, &n.edits), n.text);
        assert_eq!(revert(src, &n.text, &n.edits), src);
        if all.edits.iter().any(|e| e.kind == kind) {
            assert_ne!(n.text, all.text, "{kind:?} made no difference");
        }
    }
}

#[test]
fn bad_input_does_not_panic() {
    for s in [
        "",
        "\u{200c}",
        "\u{200c}\u{200c} \u{200c}",
        "ﻻﻻﻻ",
        "...",
        "\"",
        "@@@@",
        "a@b.c@d",
        "۳.",
        ".۳",
        "😀سالهای😀",
        "\r\n\r\n",
    ] {
        let n = normalize(s, &NormOptions::default());
        assert_eq!(revert(s, &n.text, &n.edits), s);
    }
}

/// Random Persian-like text: letters, affixes, ZWNJs, spaces, punctuation, digits, variants.
fn persianish() -> impl Strategy<Value = String> {
    let atoms = prop::sample::select(vec![
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
        "تر",
        "بیت",
        "المقدس",
        "کننده",
        "تعیین",
        "به",
        "در",
        "یکدیگر",
        "ند",
        "آن",
        "ورزند",
        " ",
        " ",
        "  ",
        "\u{200c}",
        "\u{200d}",
        "\u{200f}",
        "\u{feff}",
        "\u{a0}",
        "ي",
        "ك",
        "ة",
        "ۀ",
        "ٔ",
        "َ",
        "ـ",
        "ﻻ",
        "ﻛ",
        "3",
        ".",
        "5",
        "٤",
        "،",
        ",",
        "?",
        "؟",
        "!",
        "\"",
        "...",
        "(",
        ")",
        "«",
        "»",
        ":",
        ";",
        "a",
        "b",
        "@",
        "://",
        "www.",
        "\n",
        "ممم",
        "ا",
        "و",
        "😀",
    ]);
    prop::collection::vec(atoms, 0..24).prop_map(|v| v.concat())
}

proptest! {
    // A fixed seed: the same 4,096 cases every run, so CI is not a lottery. To hunt for
    // counterexamples, run with `RngSeed::Random` and millions of cases (9 million found
    // none after the last fixes, which are listed in `idempotent_on_past_counterexamples`).
    #![proptest_config(ProptestConfig {
        cases: 4096,
        rng_seed: proptest::test_runner::RngSeed::Fixed(0x006e_6567_6168),
        ..ProptestConfig::default()
    })]

    #[test]
    fn edits_give_back_the_original(s in persianish()) {
        let n = normalize(&s, &NormOptions::default());
        prop_assert_eq!(apply(&s, &n.edits), n.text.clone());
        prop_assert_eq!(revert(&s, &n.text, &n.edits), s.clone());
        for w in n.edits.windows(2) {
            prop_assert!(w[0].range.end <= w[1].range.start);
        }
    }

    #[test]
    fn normalizing_twice_changes_nothing(s in persianish()) {
        let once = norm(&s);
        let twice = norm(&once);
        prop_assert_eq!(twice, once);
    }

    #[test]
    fn disabled_kinds_never_appear(s in persianish(), k in 0usize..9) {
        let kind = EditKind::ALL[k];
        let n = normalize(&s, &without(kind));
        prop_assert!(n.edits.iter().all(|e| e.kind != kind));
        prop_assert_eq!(revert(&s, &n.text, &n.edits), s.clone());
    }
}

#[test]
fn zwnj_constant_is_the_joiner() {
    assert_eq!(ZWNJ.chars().next(), Some('\u{200c}'));
}

#[test]
fn long_text_in_blocks_equals_line_by_line() {
    // Longer than one block (64 KB), so normalize works a block of lines at a time.
    let seed = include_str!("fixtures/seed_article.txt");
    let src = format!("{seed}\n   سلام  ,  دنیا\n").repeat(40);
    assert!(src.len() > 1 << 17);
    let n = normalize(&src, &NormOptions::default());
    let by_line: String = src
        .split_inclusive('\n')
        .map(|l| match l.strip_suffix('\n') {
            Some(b) => norm(b) + "\n",
            None => norm(l),
        })
        .collect();
    assert_eq!(n.text, by_line);
    assert_eq!(apply(&src, &n.edits), n.text);
    assert_eq!(revert(&src, &n.text, &n.edits), src);
}

/// Inputs the idempotence property once failed on: a presentation form after a ZWNJ (the ZWNJ
/// was dropped and a run of three letters appeared), and a chain of spaced affixes whose
/// second join only became possible after the first.
#[test]
fn idempotent_on_past_counterexamples() {
    for s in [
        "كك\u{200c}ﻛ",
        "می ممم ها ",
        "سال های می شود",
        // An address whose extent depended on what followed it; quotes paired in a window.
        "a@...3سال .a",
        "a@www.www.\u{200c}سالي",
        "\"www.\"  سال \"",
    ] {
        let once = norm(s);
        assert_eq!(norm(&once), once, "{s:?}");
    }
}
