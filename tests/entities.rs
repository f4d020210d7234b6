//! Entity stage: rules, clusters and the learned tagger on small texts written for the project.

use negah::entities::{self, EntityType};
use negah::{Doc, NormOptions};

fn mentions(text: &str) -> Vec<(EntityType, String)> {
    let doc = Doc::new(text, &NormOptions::default());
    let e = entities::recognize(&doc);
    e.mentions
        .iter()
        .map(|m| (m.kind, doc.text()[m.range.clone()].to_string()))
        .collect()
}

/// The index of the first mention of `kind` (the test fails, listing the mentions, if none).
fn first(e: &entities::Entities, kind: EntityType) -> usize {
    e.mentions
        .iter()
        .position(|m| m.kind == kind)
        .unwrap_or_else(|| panic!("no {kind:?} in {:?}", e.mentions))
}

fn has(ms: &[(EntityType, String)], kind: EntityType, text: &str) -> bool {
    ms.iter().any(|(k, t)| *k == kind && t == text)
}

#[test]
fn titles_and_ranks_stay_inside_person_spans() {
    let ms = mentions("سرلشکر محمد جواد کاظم در این دیدار حضور داشت.");
    assert!(has(&ms, EntityType::Per, "سرلشکر محمد جواد کاظم"), "{ms:?}");
    let ms = mentions("حجت‌الاسلام والمسلمین محمدی در جلسه سخنرانی کرد.");
    assert!(
        ms.iter()
            .any(|(k, t)| *k == EntityType::Per && t.starts_with("حجت‌الاسلام والمسلمین")),
        "{ms:?}"
    );
}

// Needs the tagger to find the name or the country.
#[cfg(feature = "model")]
#[test]
fn roles_take_their_complement() {
    let ms = mentions("وزیر دفاع جمهوری اسلامی ایران به مسکو رفت.");
    assert!(
        has(&ms, EntityType::Role, "وزیر دفاع جمهوری اسلامی ایران"),
        "{ms:?}"
    );
    let ms = mentions("سخنگوی وزارت امور خارجه به این پرسش پاسخ داد.");
    assert!(
        ms.iter()
            .any(|(k, t)| *k == EntityType::Role && t.starts_with("سخنگوی وزارت")),
        "{ms:?}"
    );
}

#[test]
fn numeric_entities_by_grammar() {
    let ms = mentions("این قرارداد روز دوشنبه ۱۵ خرداد ۱۳۹۹ به ارزش ۵ میلیون دلار امضا شد و قیمت‌ها ۲۰ درصد افزایش یافت.");
    assert!(
        has(&ms, EntityType::Dat, "روز دوشنبه ۱۵ خرداد ۱۳۹۹"),
        "{ms:?}"
    );
    assert!(has(&ms, EntityType::Mon, "۵ میلیون دلار"), "{ms:?}");
    assert!(has(&ms, EntityType::Pct, "۲۰ درصد"), "{ms:?}");
}

// Needs the tagger to find the name or the country.
#[cfg(feature = "model")]
#[test]
fn role_clusters_with_the_person_it_names() {
    let text = "وزیر دفاع گفت: امنیت منطقه مهم است.\n\
                به گزارش خبرنگار ما، امیر سرتیپ حاتمی در نشست خبری حاضر شد.\n\
                حاتمی گفت که سفر ادامه دارد.\n\
                وزیر دفاع جمهوری اسلامی ایران سپس به تهران بازگشت.";
    let doc = Doc::new(text, &NormOptions::default());
    let e = entities::recognize(&doc);
    let find = |kind: EntityType, s: &str| {
        e.mentions
            .iter()
            .position(|m| m.kind == kind && &doc.text()[m.range.clone()] == s)
            .unwrap_or_else(|| panic!("no {kind:?} {s}: {:?}", e.mentions))
    };
    let person = find(EntityType::Per, "امیر سرتیپ حاتمی");
    let c = e.cluster_of[person].expect("person has a cluster");
    assert_eq!(e.clusters[c].canonical, "حاتمی");
    // The lead: a role in the first sentence names the person of the next.
    assert_eq!(e.cluster_of[find(EntityType::Role, "وزیر دفاع")], Some(c));
    // The same office again, with its country.
    assert_eq!(
        e.cluster_of[find(EntityType::Role, "وزیر دفاع جمهوری اسلامی ایران")],
        Some(c)
    );
    // The surname alone.
    let surname = e
        .mentions
        .iter()
        .position(|m| &doc.text()[m.range.clone()] == "حاتمی")
        .expect("surname mention");
    assert_eq!(e.cluster_of[surname], Some(c));
}

// Needs the tagger to find the name or the country.
#[cfg(feature = "model")]
#[test]
fn apposition_links_role_and_person() {
    let text = "روحانی، رئیس جمهور، در این جلسه گفت که تصمیم گرفته شده است.";
    let doc = Doc::new(text, &NormOptions::default());
    let e = entities::recognize(&doc);
    let role = first(&e, EntityType::Role);
    let per = first(&e, EntityType::Per);
    assert!(e.cluster_of[role].is_some());
    assert_eq!(e.cluster_of[role], e.cluster_of[per]);
}

// Needs the tagger to find the name or the country.
#[cfg(feature = "model")]
#[test]
fn spelling_variants_share_a_cluster() {
    // ي/ی and ZWNJ/space variants of one name.
    let text = "علی لاريجانی در مجلس سخن گفت. سپس علی لاریجانی جلسه را ترک کرد.";
    let doc = Doc::new(text, &NormOptions::default());
    let e = entities::recognize(&doc);
    let per: Vec<usize> = (0..e.mentions.len())
        .filter(|&i| e.mentions[i].kind == EntityType::Per)
        .collect();
    assert!(per.len() >= 2, "{:?}", e.mentions);
    assert_eq!(e.cluster_of[per[0]], e.cluster_of[per[1]]);
}

#[cfg(feature = "model")]
#[test]
fn the_model_loads_and_tags_a_sentence() {
    let toks = [
        "حسن",
        "روحانی",
        "دیروز",
        "به",
        "شهر",
        "مشهد",
        "سفر",
        "کرد",
        ".",
    ];
    let tags = entities::tag_tokens(&toks, entities::Head::Peyma).expect("model is built in");
    assert_eq!(tags.len(), toks.len());
    assert_eq!(tags[0], Some((EntityType::Per, true)));
    assert_eq!(tags[1], Some((EntityType::Per, false)));
    assert_eq!(tags[5].map(|t| t.0), Some(EntityType::Loc));
    assert_eq!(tags[3], None);
}

/// An office with qualifiers, right after the person it describes.
#[test]
fn qualified_office_after_a_titled_name() {
    let text = "سرتیپ حسن کریمی معاون سیاسی وزیر امور خارجه به پاریس رفت.";
    let doc = Doc::new(text, &NormOptions::default());
    let e = entities::recognize(&doc);
    let role = first(&e, EntityType::Role);
    assert!(doc.text()[e.mentions[role].range.clone()].starts_with("معاون سیاسی وزیر امور خارجه"));
    let per = first(&e, EntityType::Per);
    assert!(e.cluster_of[per].is_some());
    assert_eq!(e.cluster_of[role], e.cluster_of[per]);
}

/// Titles and apposition work from the lists alone, with or without the model.
#[test]
fn apposition_with_a_titled_name() {
    let text = "وزیر دفاع امیر سرتیپ حاتمی در نشست خبری حاضر شد. حاتمی گفت که سفر ادامه دارد.";
    let doc = Doc::new(text, &NormOptions::default());
    let e = entities::recognize(&doc);
    let role = e
        .mentions
        .iter()
        .position(|m| m.kind == EntityType::Role && &doc.text()[m.range.clone()] == "وزیر دفاع")
        .unwrap_or_else(|| panic!("{:?}", e.mentions));
    let per = first(&e, EntityType::Per);
    assert_eq!(
        &doc.text()[e.mentions[per].range.clone()],
        "امیر سرتیپ حاتمی"
    );
    let c = e.cluster_of[per].expect("cluster");
    assert_eq!(e.cluster_of[role], Some(c));
    assert_eq!(e.clusters[c].canonical, "حاتمی");
}

#[test]
fn bad_input_never_panics() {
    for text in [
        "",
        "،،،",
        "۱۲۳",
        "\u{200c}\u{200c}",
        "وزیر",
        "سرلشکر",
        "٪٪ ۵ ٪",
    ] {
        let doc = Doc::new(text, &NormOptions::default());
        let e = entities::recognize(&doc);
        assert_eq!(e.cluster_of.len(), e.mentions.len());
    }
}

/// A later mention of an office goes to the person the office was already resolved to, not
/// to the next person named; a name in quotation marks is still in apposition with its office.
#[test]
fn repeated_office_keeps_its_person() {
    let text = "فرمانده قرارگاه خاتم الانبیا گفت: این طرح تا پایان سال اجرا می شود. «سردار علی شادمانی» فرمانده قرارگاه خاتم الانبیا، در جمع خبرنگاران گفت: کار ادامه دارد.\n\nمحمود واعظی، رئیس دفتر رئیس جمهور گفت: دولت حمایت می‌کند.";
    let doc = Doc::new(text, &NormOptions::default());
    let e = entities::recognize(&doc);
    let name_of = |i: usize| e.cluster_of[i].map(|c| e.clusters[c].canonical.clone());
    let offices: Vec<usize> = (0..e.mentions.len())
        .filter(|&i| {
            e.mentions[i].kind == EntityType::Role
                && doc.text()[e.mentions[i].range.clone()].starts_with("فرمانده قرارگاه")
        })
        .collect();
    assert_eq!(offices.len(), 2);
    for i in offices {
        assert_eq!(name_of(i).as_deref(), Some("علی شادمانی"));
    }
}

/// Runs the cluster resolver on hand-placed mentions (`(type, text)` in text order, each the
/// next occurrence of its text), so the test does not depend on the tagger.
fn resolve(text: &str, marks: &[(EntityType, &str)]) -> (Vec<Option<usize>>, Vec<f32>) {
    let doc = Doc::new(text, &NormOptions::default());
    let t = doc.text();
    let mut from = 0;
    let mentions: Vec<entities::Mention> = marks
        .iter()
        .map(|&(kind, m)| {
            let start = from
                + t[from..]
                    .find(m)
                    .unwrap_or_else(|| panic!("{m} not in {t}"));
            from = start + m.len();
            entities::Mention {
                range: start..start + m.len(),
                kind,
                source: entities::Source::Rule,
                score: 1.0,
            }
        })
        .collect();
    let (_, of, score) = entities::cluster::cluster(&doc, &mentions);
    (of, score)
}

#[test]
fn offices_of_different_states_never_merge() {
    use EntityType::{Per, Role};
    let (of, score) = resolve(
        "امانوئل ماکرون، رئیس جمهور فرانسه، گفت: این توافق مهم است. رئیس جمهور روسیه نیز گفت: ما موافقیم.",
        &[
            (Per, "امانوئل ماکرون"),
            (Role, "رئیس جمهور فرانسه"),
            (Role, "رئیس جمهور روسیه"),
        ],
    );
    assert_eq!(of[1], of[0], "apposition");
    assert!(score[1] >= 0.9, "{score:?}");
    assert_ne!(of[2], of[0], "another state's office is another person");
}

#[test]
fn spelling_variants_of_an_office_name_one_person() {
    use EntityType::{Per, Role};
    let (of, _) = resolve(
        "حسن روحانی، رئیس‌جمهور ایران، به نیویورک رفت. خبرنگاران در فرودگاه بودند. رییس جمهوری ایران در سازمان ملل سخنرانی کرد.",
        &[
            (Per, "حسن روحانی"),
            (Role, "رئیس‌جمهور ایران"),
            (Role, "رییس جمهوری ایران"),
        ],
    );
    assert_eq!(of[1], of[0]);
    assert_eq!(of[2], of[0], "رئیس‌جمهور = رییس جمهوری");
}

#[test]
fn surnames_and_spacing_variants_join_the_full_name() {
    use EntityType::Per;
    let (of, score) = resolve(
        "محمدرضا یزدی امروز سخن گفت. محمد رضا یزدی افزود که کار ادامه دارد. یزدی همچنین گفت که نگران نیست. علی یزدان نیز حاضر بود.",
        &[
            (Per, "محمدرضا یزدی"),
            (Per, "محمد رضا یزدی"),
            (Per, "یزدی"),
            (Per, "علی یزدان"),
        ],
    );
    assert_eq!(of[1], of[0], "ZWNJ/space variant");
    assert_eq!(of[2], of[0], "surname");
    assert_ne!(of[3], of[0]);
    assert_eq!(score[0], 1.0);
    assert!(score[2] < 1.0 && score[2] >= 0.75, "{score:?}");
}

#[test]
fn a_surname_shared_by_two_people_is_an_uncertain_link() {
    use EntityType::Per;
    let (of, score) = resolve(
        "علی لاریجانی و صادق لاریجانی دیدار کردند. لاریجانی گفت که دیدار خوبی بود.",
        &[
            (Per, "علی لاریجانی"),
            (Per, "صادق لاریجانی"),
            (Per, "لاریجانی"),
        ],
    );
    assert_ne!(of[0], of[1]);
    assert!(of[2] == of[0] || of[2] == of[1]);
    assert!(score[2] < 0.75, "shown as uncertain: {score:?}");
}

#[test]
fn a_subject_office_takes_the_salient_person_of_the_last_sentences() {
    use EntityType::{Per, Role};
    let (of, score) = resolve(
        "خبر اول. علی احمدی گفت که بودجه کافی نیست. سخنگوی دولت همچنین گفت که طرح ادامه دارد.",
        &[(Per, "علی احمدی"), (Role, "سخنگوی دولت")],
    );
    assert_eq!(of[1], of[0]);
    assert!(score[1] < 0.75, "a salience link is uncertain: {score:?}");
}
