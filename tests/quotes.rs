//! Quote extraction: each shape and trap on short examples written for these tests, and the
//! seed article's attributed statements with their resolved speakers.

use negah::entities::Entities;
use negah::quotes::{self, Quote, QuoteKind};
use negah::{analyze, Doc, NormOptions, Options};

/// A quote as the tests look at it: normalized text of content, speaker and name.
#[derive(Debug)]
struct Q {
    kind: QuoteKind,
    content: String,
    speaker: Option<String>,
    name: Option<String>,
    confidence: f64,
    speaker_score: f64,
}

fn run(text: &str) -> Vec<Q> {
    let a = analyze(text, &Options::default());
    a.quotes
        .iter()
        .map(|q| Q {
            kind: q.kind,
            content: q.content.text.clone(),
            speaker: q.speaker.as_ref().map(|s| s.text.clone()),
            name: q.speaker_name.clone(),
            confidence: q.confidence,
            speaker_score: q.speaker_score,
        })
        .collect()
}

/// Quotes with no entity stage at all: the quote stage must resolve speakers from the text.
fn run_without_entities(text: &str) -> (String, Vec<Quote>) {
    let doc = Doc::new(text, &NormOptions::default());
    let qs = quotes::extract(&doc, &Entities::default());
    (doc.text().to_string(), qs)
}

fn find<'a>(qs: &'a [Q], needle: &str) -> &'a Q {
    qs.iter()
        .find(|q| q.content.contains(needle))
        .unwrap_or_else(|| panic!("no quote containing {needle:?} in {qs:#?}"))
}

#[test]
fn colon_quote_with_role_speaker() {
    let qs = run("سخنگوی دولت گفت: دولت برنامه‌ای برای افزایش قیمت بنزین ندارد.");
    assert_eq!(qs.len(), 1);
    assert_eq!(qs[0].kind, QuoteKind::Direct);
    assert_eq!(qs[0].content, "دولت برنامه‌ای برای افزایش قیمت بنزین ندارد");
    assert_eq!(qs[0].speaker.as_deref(), Some("سخنگوی دولت"));
    // The text never names the person.
    assert_eq!(qs[0].name, None);
}

#[test]
fn colon_quote_continues_until_an_aside() {
    let qs = run(
        "علی ربیعی گفت: دولت برنامه‌ای برای افزایش قیمت ندارد. این موضوع بارها تکرار شده است. \
         گفتنی است این نشست دو ساعت طول کشید.",
    );
    assert_eq!(qs.len(), 1, "{qs:#?}");
    assert!(qs[0].content.contains("بارها تکرار شده است"));
    assert!(!qs[0].content.contains("گفتنی"));
    assert_eq!(qs[0].name.as_deref(), Some("علی ربیعی"));
}

#[test]
fn guillemets_before_and_after_the_attribution() {
    let before = run("علی ربیعی در نشست خبری گفت «ما آماده مذاکره هستیم و در را نبسته‌ایم».");
    assert_eq!(before.len(), 1, "{before:#?}");
    assert_eq!(before[0].kind, QuoteKind::Direct);
    assert_eq!(before[0].content, "ما آماده مذاکره هستیم و در را نبسته‌ایم");
    assert_eq!(before[0].speaker.as_deref(), Some("علی ربیعی"));

    let after = run("«ما آماده مذاکره هستیم و در را به روی کسی نبسته‌ایم»، علی ربیعی گفت.");
    assert_eq!(after.len(), 1, "{after:#?}");
    assert_eq!(
        after[0].content,
        "ما آماده مذاکره هستیم و در را به روی کسی نبسته‌ایم"
    );
    assert_eq!(after[0].speaker.as_deref(), Some("علی ربیعی"));
}

#[test]
fn unclosed_guillemet_runs_to_the_paragraph_end() {
    let qs = run("وی گفت: «این بازی در حیاط خانه آنهاست. ما بازی را ادامه می‌دهیم\n\nپاراگراف بعد.");
    assert_eq!(qs.len(), 1, "{qs:#?}");
    assert!(qs[0].content.ends_with("ادامه می‌دهیم"));
    assert!(!qs[0].content.contains("پاراگراف"));
}

#[test]
fn headline_quote_without_a_verb() {
    let qs = run("ظریف: آمریکا باید به تعهداتش عمل کند\n\nمحمد جواد ظریف در نشست خبری سخن گفت.");
    assert_eq!(qs.len(), 1, "{qs:#?}");
    assert_eq!(qs[0].kind, QuoteKind::Direct);
    assert_eq!(qs[0].content, "آمریکا باید به تعهداتش عمل کند");
    // The surname is resolved to the full name the body gives.
    assert_eq!(qs[0].name.as_deref(), Some("محمد جواد ظریف"));
    // A headline without a speech verb is a possible quote, not a certain one.
    assert!(qs[0].confidence < f64::from(quotes::CERTAIN));
}

#[test]
fn indirect_shapes() {
    let ke = run("وزیر نفت گفت که صادرات نفت در ماه گذشته افزایش یافته است.");
    assert_eq!(ke.len(), 1);
    assert_eq!(ke[0].kind, QuoteKind::Indirect);
    assert_eq!(ke[0].content, "صادرات نفت در ماه گذشته افزایش یافته است");

    let ra = run("محمد جواد ظریف در این دیدار، این اقدام را نقض آشکار قوانین بین‌المللی دانست.");
    assert_eq!(ra.len(), 1, "{ra:#?}");
    assert_eq!(ra[0].content, "این اقدام را نقض آشکار قوانین بین‌المللی");
    assert_eq!(ra[0].speaker.as_deref(), Some("محمد جواد ظریف"));

    let wish = run("رئیس مجلس خواستار توقف فوری حملات به غیرنظامیان شد.");
    assert_eq!(wish.len(), 1, "{wish:#?}");
    assert_eq!(wish[0].content, "توقف فوری حملات به غیرنظامیان");

    let ask = run("وزیر خارجه از سازمان ملل خواست تا این حمله را محکوم کند.");
    assert_eq!(ask.len(), 1, "{ask:#?}");
    assert_eq!(ask[0].content, "این حمله را محکوم کند");

    let src = run("به گفته حسن روحانی، مذاکرات با اروپا ادامه خواهد داشت.");
    assert_eq!(src.len(), 1, "{src:#?}");
    assert_eq!(src[0].content, "مذاکرات با اروپا ادامه خواهد داشت");
    assert_eq!(src[0].name.as_deref(), Some("حسن روحانی"));

    let bare = run("ژنرال مارک میلی گفت ارتش برای هر سناریویی آماده است.");
    assert_eq!(bare.len(), 1, "{bare:#?}");
    assert_eq!(bare[0].content, "ارتش برای هر سناریویی آماده است");
    assert_eq!(bare[0].name.as_deref(), Some("مارک میلی"));
}

#[test]
fn subordinate_attribution_and_main_quote_share_the_speaker() {
    let qs =
        run("بیژن زنگنه با بیان اینکه تولید نفت کاهش یافته است، افزود: تحریم‌ها اثر داشته است.");
    assert_eq!(qs.len(), 2, "{qs:#?}");
    let sub = find(&qs, "تولید نفت");
    assert_eq!(sub.kind, QuoteKind::Indirect);
    assert_eq!(sub.content, "تولید نفت کاهش یافته است");
    let main = find(&qs, "تحریم");
    assert_eq!(main.kind, QuoteKind::Direct);
    assert_eq!(sub.name.as_deref(), Some("بیژن زنگنه"));
    assert_eq!(main.name.as_deref(), Some("بیژن زنگنه"));
}

#[test]
fn coordinated_verbs_share_the_subject() {
    let qs = run(
        "رضا اردکانیان روز شنبه این طرح را مهم دانست و گفت: اجرای آن از هفته آینده آغاز می‌شود.",
    );
    assert_eq!(qs.len(), 2, "{qs:#?}");
    for q in &qs {
        assert_eq!(q.speaker.as_deref(), Some("رضا اردکانیان"), "{q:#?}");
    }
}

#[test]
fn quoted_fragment_makes_a_mixed_quote() {
    let qs = run("وی این اقدام را «نقض آشکار» قوانین بین‌المللی خواند.");
    assert_eq!(qs.len(), 1, "{qs:#?}");
    assert_eq!(qs[0].kind, QuoteKind::Mixed);
}

#[test]
fn cue_spacing_variants_all_match() {
    for cue in ["می گوید", "می‌گوید", "میگوید"] {
        let qs = run(&format!(
            "مدیرعامل مترو {cue}: مسافران نگران نباشند و از مترو استفاده کنند."
        ));
        assert_eq!(qs.len(), 1, "{cue}: {qs:#?}");
        assert_eq!(qs[0].speaker.as_deref(), Some("مدیرعامل مترو"));
    }
}

#[test]
fn traps_are_not_quotes() {
    for text in [
        "عنوان خبر\n\nاو با خبرنگاران سخن می‌گفت و به پرسش‌های آنان پاسخ داد.",
        "عنوان خبر\n\nگفت‌وگو با رئیس‌جمهور درباره بودجه تا شب ادامه داشت.",
        "عنوان خبر\n\nگفت و گو با رئیس‌جمهور درباره بودجه تا شب ادامه داشت.",
        "عنوان خبر\n\nگفتنی است این نشست با حضور نمایندگان برگزار شد.",
        "عنوان خبر\n\nخبرگزاری فارس: نشست امروز مجلس با حضور وزیر برگزار شد.",
        "عنوان خبر\n\nبه گزارش ایرنا، نشست ساعت 10:30 صبح امروز آغاز شد.",
        "عنوان خبر\n\nحزب «اسرائیل خانه» در انتخابات شرکت کرد.",
        "عنوان خبر\n\nوقتی وزیر این آمار را اعلام کرد، همه سالن در سکوت فرو رفت.",
        "ساعت 10:30: آغاز نشست مجلس",
    ] {
        let qs = run(text);
        assert!(qs.is_empty(), "{text}: {qs:#?}");
    }
}

#[test]
fn role_pronoun_and_surname_resolve_to_the_named_person() {
    let text = "وزیر نیرو گفت: کم‌آبی در تهران جدی است.\n\n\
                رضا اردکانیان روز شنبه در جمع خبرنگاران افزود: باید مصرف آب را کاهش داد.\n\n\
                وی ادامه داد: صرفه‌جویی در مصرف آب ضروری است.\n\n\
                اردکانیان تصریح کرد: طرح‌های انتقال آب ادامه دارد.";
    let qs = run(text);
    assert_eq!(qs.len(), 4, "{qs:#?}");
    for q in &qs {
        assert_eq!(q.name.as_deref(), Some("رضا اردکانیان"), "{q:#?}");
    }
    assert_eq!(find(&qs, "صرفه‌جویی").speaker.as_deref(), Some("وی"));
    assert_eq!(
        find(&qs, "باید مصرف").speaker.as_deref(),
        Some("رضا اردکانیان")
    );
}

#[test]
fn a_different_persons_role_is_not_borrowed() {
    // The next named speaker is given another office of another country: the role speaker
    // stays unnamed.
    let text = "نماینده چین در این نشست خواستار همکاری بین قدرت‌های هسته‌ای شد. \
                «سرگئی لاوروف» وزیر امور خارجه روسیه گفت که روسیه در مذاکرات حضور دارد.";
    let qs = run(text);
    assert_eq!(qs.len(), 2, "{qs:#?}");
    assert_eq!(find(&qs, "همکاری").name, None);
    assert_eq!(
        find(&qs, "روسیه در مذاکرات").name.as_deref(),
        Some("سرگئی لاوروف")
    );
}

#[test]
fn bad_input_does_not_panic() {
    for text in [
        "",
        ":",
        "«",
        "»«",
        "گفت:",
        "گفت: «",
        "وی گفت",
        "\n\n\n",
        "به گفته",
    ] {
        let _ = run(text);
        let _ = run_without_entities(text);
    }
}

const SEED: &str = include_str!("fixtures/seed_article.txt");

/// The seed article's attributed statements: content fragment and the speaker's name as the
/// text gives it (titles included; compared after stripping them).
const SEED_STATEMENTS: &[(&str, &str)] = &[
    ("انتقال سفارت رژیم اشغالگر", "امیر سرتیپ حاتمی"),
    ("همچون گذشته در تلاش است", "امیر سرتیپ حاتمی"),
    ("این دیدارها را مهم و استراتژیک", "امیر سرتیپ حاتمی"),
    ("نوعی انتقامگیری", "امیر سرتیپ حاتمی"),
    ("ظهور پدیده شوم تروریست", "امیر سرتیپ حاتمی"),
    ("کمکهای ارزنده مردم", "امیر سرتیپ حاتمی"),
    ("تردیدی نیست که این توطئههای", "امیر سرتیپ حاتمی"),
    ("خدا را شاکریم", "سرلشکر محمد جواد کاظم"),
    ("شاهد توسعه و پیشرفت", "سرلشکر محمد جواد کاظم"),
    ("همه احزاب و گروههای سیاسی عراق", "سرلشکر محمد جواد کاظم"),
];

fn check_seed(names_of: impl Fn(&str) -> Option<String>) {
    for (needle, who) in SEED_STATEMENTS {
        let got = names_of(needle);
        assert_eq!(
            got.as_deref(),
            Some(negah::lexicon::strip_titles(who)),
            "speaker of {needle:?}"
        );
    }
}

#[test]
fn seed_article_statements_and_speakers() {
    let qs = run(SEED);
    check_seed(|needle| find(&qs, needle).name.clone());
    // The headline is a role («وزیر دفاع») that the body names.
    let head = find(&qs, "مجددا ناامنی جدیدی توسط بیگانگان و متجاوزان");
    assert_eq!(head.name.as_deref(), Some("حاتمی"));
    // The two `گفت:` lines of the Iraqi official carry a role, resolved to his name.
    assert_eq!(
        find(&qs, "خدا را شاکریم").speaker.as_deref(),
        Some("دبیر کل وزارت دفاع جمهوری عراق")
    );
    // Nothing in the site furniture at the end.
    assert!(qs.iter().all(|q| !q.content.contains("ایمیل")));
}

#[test]
fn seed_speakers_resolve_without_the_entity_stage() {
    let (text, qs) = run_without_entities(SEED);
    check_seed(|needle| {
        // Quote ranges are over the normalized text: look for the normalized needle.
        let needle = negah::normalize(needle, &NormOptions::default()).text;
        qs.iter()
            .find(|q| text[q.content.clone()].contains(&needle))
            .and_then(|q| q.speaker_name.clone())
    });
}

#[test]
fn nominal_and_az_forms() {
    let claim = run(
        "فرمانده پلیس در واکنش به اظهارات علی ربیعی مبنی بر اینکه همه بازداشت‌شدگان آزاد شده‌اند، گفت: این موضوع در حال بررسی است.",
    );
    let c = find(&claim, "بازداشت‌شدگان");
    assert_eq!(c.kind, QuoteKind::Indirect);
    assert_eq!(c.content, "همه بازداشت‌شدگان آزاد شده‌اند");
    assert_eq!(c.name.as_deref(), Some("علی ربیعی"));
    // The main quote keeps the sentence subject.
    assert_eq!(
        find(&claim, "در حال بررسی").speaker.as_deref(),
        Some("فرمانده پلیس")
    );

    let az = run("بیژن زنگنه از این قرارداد به عنوان بزرگترین سرمایه‌گذاری تاریخ صنعت نفت یاد کرد.");
    assert_eq!(az.len(), 1, "{az:#?}");
    assert_eq!(
        az[0].content,
        "از این قرارداد به عنوان بزرگترین سرمایه‌گذاری تاریخ صنعت نفت"
    );
    // Without «به عنوان» it is a mention, not a statement.
    assert!(run("بیژن زنگنه از پدرش به نیکی یاد کرد و از مراسم خارج شد.").is_empty());
}

#[test]
fn nested_quote_needs_its_own_subject_and_a_clear_shape() {
    let qs = run(
        "علی ربیعی گفت: «رسانه‌های خارجی این هفته گزارش دادند که ده نفر در آنجا کشته شده‌اند. \
         این خبر درست نیست.»",
    );
    assert_eq!(qs.len(), 2, "{qs:#?}");
    let inner = qs
        .iter()
        .find(|q| q.content.starts_with("ده نفر"))
        .expect("the nested report");
    assert_eq!(inner.kind, QuoteKind::Indirect);
    assert_eq!(inner.speaker.as_deref(), Some("رسانه‌های خارجی"));
    // A bare clause inside the speaker's own words is not a second quote.
    let own = run("علی ربیعی گفت: «مردم می‌گویند ما آمده‌ایم و اعتراض داریم و این حق ماست.»");
    assert_eq!(own.len(), 1, "{own:#?}");
}

#[test]
fn quotes_nest_one_level_deep() {
    // A report inside a report is kept; a third level is not a shape of news copy.
    let two = run("عنوان\n\nعلی ربیعی گفت: وزیر کشور گفت: ما آماده‌ایم و مذاکره می‌کنیم.");
    assert_eq!(two.len(), 2, "{two:#?}");
    let inner = two
        .iter()
        .find(|q| q.content.starts_with("ما آماده‌ایم"))
        .expect("the inner report");
    assert_eq!(inner.speaker.as_deref(), Some("وزیر کشور"));
    let three = run(
        "عنوان\n\nعلی ربیعی گفت: وزیر کشور گفت: استاندار تهران گفت: ما آماده‌ایم و مذاکره می‌کنیم.",
    );
    assert_eq!(three.len(), 2, "{three:#?}");
    // `گفت:` repeated without spaces: a cue every four bytes, but quotes do not pile up one
    // per cue, each holding the rest of the sentence.
    let text = "گفت:".repeat(2000);
    let a = analyze(&text, &Options::default());
    assert!(
        a.quotes.len() <= 2 * a.sentences.len(),
        "{} quotes",
        a.quotes.len()
    );
    let held: usize = a.quotes.iter().map(|q| q.content.text.len()).sum();
    assert!(held <= 2 * text.len(), "{held} bytes of content");
}

#[test]
fn subtitle_glued_to_the_lead() {
    // A lost line break glues a subtitle to the lead; the subject is the person after it.
    let prov = run(
        "عنوان خبر\n\nاحداث واحد مسکونی در سوریهبه گزارش فارس، محمد اسلامی در مراسم امضا گفت: این تفاهم‌نامه مهم است.",
    );
    assert_eq!(prov.len(), 1, "{prov:#?}");
    assert_eq!(prov[0].speaker.as_deref(), Some("محمد اسلامی"));
    let verb = run(
        "عنوان خبر\n\nارزیابی مثبتی از مدیران نداریم سخنگوی دولت در نشست خبری گفت: با مدیران خاطی برخورد می‌شود.",
    );
    assert_eq!(verb.len(), 1, "{verb:#?}");
    assert_eq!(verb[0].speaker.as_deref(), Some("سخنگوی دولت"));
}

#[test]
fn pronoun_glossed_in_parentheses() {
    let qs = run("عنوان\n\nکورتنی فریل در کتابش می‌نویسد: «او (ترامپ) گفت: “تو باید به دفترم بیایی تا صحبت کنیم.”»");
    assert_eq!(qs.len(), 2, "{qs:#?}");
    let inner = qs
        .iter()
        .find(|q| q.content.starts_with("تو باید"))
        .expect("the nested quote");
    assert_eq!(inner.speaker.as_deref(), Some("او"));
    assert_eq!(inner.name.as_deref(), Some("ترامپ"));
    assert_eq!(find(&qs, "(ترامپ)").name.as_deref(), Some("کورتنی فریل"));
}

/// An office with a ZWNJ compound (`خاتم‌الانبیا`, one token) is matched word for word
/// against the same office split into words: the headline's role speaker resolves through the
/// later apposition.
#[test]
fn office_with_a_zwnj_compound_resolves_to_its_person() {
    let text = "فرمانده قرارگاه خاتم‌الانبیا: کار ادامه دارد\n\nفرمانده قرارگاه خاتم‌الانبیا گفت: طرح اجرا شد. «سردار علی شادمانی» فرمانده قرارگاه خاتم‌الانبیا، امروز از پروژه بازدید کرد.\n\nمحمود واعظی، رئیس دفتر رئیس جمهور گفت: دولت حمایت می‌کند.";
    let qs = run(text);
    assert!(
        qs.len() >= 3,
        "{:?}",
        qs.iter().map(|q| &q.content).collect::<Vec<_>>()
    );
    for q in qs.iter().filter(|q| !q.content.contains("دولت")) {
        assert_eq!(q.name.as_deref(), Some("علی شادمانی"), "{:?}", q.content);
    }
}

#[test]
fn a_noun_phrase_is_no_speaker_name_and_a_pronoun_skips_it() {
    let qs = run("علی احمدی گفت: بودجه امسال کافی نیست. بخش خصوصی اعلام کرد که پروژه تا پایان سال تمام می‌شود. وی افزود: کار ادامه دارد.");
    let q = find(&qs, "بودجه امسال");
    assert_eq!(q.name.as_deref(), Some("علی احمدی"), "{qs:?}");
    assert!(q.speaker_score >= 0.75, "{qs:?}");
    let q = find(&qs, "پروژه تا پایان");
    assert_eq!(q.name, None, "a noun phrase names nobody: {qs:?}");
    assert_eq!(q.speaker_score, 0.0);
    assert!(
        q.confidence < 0.75,
        "and the quote is only possible: {qs:?}"
    );
    let q = find(&qs, "کار ادامه");
    assert_eq!(q.name.as_deref(), Some("علی احمدی"), "{qs:?}");
}

#[test]
fn plural_and_generic_subjects_give_no_name() {
    let qs = run("حسن رضایی گفت: قیمت‌ها ثابت می‌ماند. کارشناسان معتقدند که قیمت‌ها بالا می‌رود. فروشگاه‌های زنجیره‌ای اعلام کردند که تخفیف‌ها ادامه دارد.");
    for q in &qs {
        if !q.content.contains("ثابت") {
            assert_eq!(q.name, None, "{qs:?}");
        }
    }
}

// Needs the tagger to find the person and the office.
#[cfg(feature = "model")]
#[test]
fn a_state_speaks_through_the_person_holding_its_office() {
    let qs = run("آمریکا روز سه‌شنبه از چین خواست به مذاکرات خلع سلاح بپیوندد. به گزارش رویترز، رابرت وود نماینده آمریکا در سازمان ملل به خبرنگاران گفت: زمان گفت‌وگو فرا رسیده است.");
    let q = find(&qs, "مذاکرات خلع سلاح");
    assert_eq!(q.name.as_deref(), Some("رابرت وود"), "{qs:?}");
    assert!(
        q.speaker_score < 0.75,
        "an inferred speaker is uncertain: {qs:?}"
    );
}

// Needs the tagger to find the names.
#[cfg(feature = "model")]
#[test]
fn an_office_speaker_takes_the_person_the_resolver_linked() {
    let qs = run("مایک پامپئو، وزیر امور خارجه آمریکا، با همتای روسی خود دیدار کرد. سرگئی لاوروف، وزیر خارجه روسیه، گفت: دیدار خوبی بود. وزیر خارجه آمریکا نیز گفت: گفت‌وگوها ادامه دارد.");
    let q = find(&qs, "گفت‌وگوها ادامه");
    assert_eq!(q.name.as_deref(), Some("مایک پامپئو"), "{qs:?}");
    assert!(q.speaker_score >= 0.75, "{qs:?}");
}
