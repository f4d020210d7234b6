//! The forms for people and spreadsheets (`analyze --format text|csv`, `batch --format csv`,
//! `batch --stats`), each checked against the JSON analysis of the same input.
#![cfg(not(target_arch = "wasm32"))]

use serde_json::Value;
use std::collections::{BTreeMap, HashMap, HashSet};

mod common;

use common::negah;

/// Articles written for these tests (and the project's seed article): people with offices, a
/// quote without a cue, a quote with a comma and double quotes, a number repeated.
const ARTICLES: [&str; 4] = [
    include_str!("fixtures/seed_article.txt"),
    "روحانی: «باید کار کرد»\nحسن روحانی رئیس‌جمهور در مشهد گفت: «این راه ادامه دارد.» روحانی ۸ بار به مشهد رفت و ۸ نماینده و ۸ وزیر همراه او بودند.",
    "روحانی در ادامه تاکید کرد: «باید کار کرد».\n«ما ۸ هواپیما، ۸ بالگرد و \"۸\" پهپاد خریدیم» این را وزیر گفت.",
    "وزیر دفاع گفت: اجازه نخواهیم داد.",
];

fn analysis(text: &str) -> Value {
    let out = negah(&["analyze"], text.as_bytes());
    assert!(out.status.success());
    serde_json::from_slice(&out.stdout).unwrap()
}

fn stdout(args: &[&str], stdin: &[u8]) -> String {
    let out = negah(args, stdin);
    String::from_utf8(out.stdout).unwrap()
}

fn csv_rows(s: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(s.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

fn s(v: &Value) -> String {
    v.as_str().map_or_else(String::new, str::to_string)
}

/// Who said a quote: the resolved name, else the phrase as written (empty: nobody).
fn speaker(q: &Value) -> String {
    q["speaker_name"]
        .as_str()
        .or(q["speaker"]["text"].as_str())
        .unwrap_or("")
        .to_string()
}

/// The name a mention is counted under: its cluster's canonical name when the cluster is of
/// the mention's type, else its text.
fn name(a: &Value, e: &Value) -> String {
    match e["cluster"].as_u64() {
        Some(c) if a["clusters"][c as usize]["type"] == e["type"] => {
            s(&a["clusters"][c as usize]["canonical"])
        }
        _ => s(&e["text"]),
    }
}

/// The lines of one `== Title` section of the text summary.
fn section<'a>(text: &'a str, title: &str) -> Vec<&'a str> {
    let head = format!("== {title}\n");
    let Some(at) = text.find(&head) else {
        return vec![];
    };
    text[at + head.len()..]
        .split("\n\n")
        .next()
        .unwrap()
        .lines()
        .collect()
}

#[test]
fn the_text_summary_lists_people_quotes_and_grouped_entities() {
    let mut saw_repeat = false;
    let mut saw_no_cue = false;
    for article in ARTICLES {
        let a = analysis(article);
        let text = stdout(&["analyze", "--format", "text"], article.as_bytes());
        assert!(!text.contains("()"), "{text}");
        // A summary, not the article: the normalized text is not printed.
        assert!(!text.contains(a["normalized"].as_str().unwrap().trim()));
        // Each person once, with the mention count and every office the text gives them.
        let people = section(&text, "People");
        let persons: Vec<&Value> = a["clusters"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["type"] == "PER")
            .collect();
        assert_eq!(people.len(), persons.len(), "{text}");
        for c in persons {
            let canonical = format!("  {} ", s(&c["canonical"]));
            let line = people
                .iter()
                .find(|l| l.starts_with(&canonical))
                .unwrap_or_else(|| panic!("{canonical} in {text}"));
            let n = c["mentions"].as_array().unwrap().len();
            assert!(line.contains(&format!("({n} mention")), "{line}");
            for m in c["mentions"].as_array().unwrap() {
                let e = &a["entities"][m.as_u64().unwrap() as usize];
                if e["type"] == "ROLE" {
                    assert!(line.contains(e["text"].as_str().unwrap()), "{line}");
                }
            }
        }
        // Each quote on its line: its text, its cue when it has one, its confidence.
        let said = section(&text, "Who said what");
        let quotes = a["quotes"].as_array().unwrap();
        assert_eq!(said.len(), quotes.len(), "{text}");
        for (line, q) in said.iter().zip(quotes) {
            let content: Vec<&str> = q["content"]["text"]
                .as_str()
                .unwrap()
                .split_whitespace()
                .collect();
            assert!(line.contains(&content.join(" ")), "{line}");
            assert!(line.contains(&format!("{:.2}]", q["confidence"].as_f64().unwrap())));
            assert!(line.starts_with(&format!("  {}", speaker(q))) || speaker(q).is_empty());
            match q["cue"]["text"].as_str() {
                Some(cue) => assert!(line.contains(&format!(" — {cue} ["))),
                None => {
                    saw_no_cue = true;
                    assert!(!line.contains(" — "), "{line}");
                }
            }
        }
        // Other entities: each name once per type, with its count when repeated; an office
        // in a person's cluster is shown with the person instead.
        let mut counts: BTreeMap<(String, String), usize> = BTreeMap::new();
        for e in a["entities"].as_array().unwrap() {
            let cluster_type = e["cluster"]
                .as_u64()
                .map(|c| s(&a["clusters"][c as usize]["type"]));
            if e["type"] == "PER" || e["type"] == "ROLE" && cluster_type.as_deref() == Some("PER") {
                continue;
            }
            *counts.entry((s(&e["type"]), name(&a, e))).or_default() += 1;
        }
        let mut want: Vec<String> = counts
            .iter()
            .map(|((_, n), &c)| {
                if c > 1 {
                    format!("{n} ({c})")
                } else {
                    n.clone()
                }
            })
            .collect();
        saw_repeat |= counts.values().any(|&c| c > 1);
        let mut got: Vec<String> = text
            .split("\n== ")
            .skip(1)
            .filter(|sec| {
                !["People", "Who said what", "Set apart"]
                    .iter()
                    .any(|t| sec.starts_with(t))
            })
            .flat_map(|sec| sec.lines().nth(1).unwrap().trim().split("، "))
            .map(str::to_string)
            .collect();
        want.sort();
        got.sort();
        assert_eq!(got, want, "{text}");
    }
    assert!(
        saw_repeat && saw_no_cue,
        "the fixtures exercise grouping and cue-less quotes"
    );
}

#[test]
fn csv_quotes_are_the_json_quotes() {
    for article in ARTICLES {
        let a = analysis(article);
        let rows = csv_rows(&stdout(&["analyze", "--format", "csv"], article.as_bytes()));
        assert_eq!(
            rows[0].join(","),
            "quote,speaker,speaker_text,speaker_score,cue,kind,form,confidence,certain,text,start,end"
        );
        let quotes = a["quotes"].as_array().unwrap();
        assert_eq!(rows.len() - 1, quotes.len());
        for (r, q) in rows[1..].iter().zip(quotes) {
            assert_eq!(r[0], q["id"].to_string());
            assert_eq!(r[1], speaker(q));
            assert_eq!(r[2], s(&q["speaker"]["text"]));
            assert_eq!(
                r[3].parse::<f64>().unwrap(),
                q["speaker_score"].as_f64().unwrap()
            );
            assert_eq!(r[4], s(&q["cue"]["text"]));
            assert_eq!(r[5], s(&q["kind"]));
            assert_eq!(r[6], s(&q["form"]));
            assert_eq!(
                r[7].parse::<f64>().unwrap(),
                q["confidence"].as_f64().unwrap()
            );
            assert_eq!(r[8], q["certain"].to_string());
            assert_eq!(r[9], s(&q["content"]["text"]));
            assert_eq!(r[10], q["content"]["start"].to_string());
            assert_eq!(r[11], q["content"]["end"].to_string());
        }
    }
}

/// The entity table of `a` as the JSON gives it: one row per distinct (type, text) in order of
/// first mention, with the first clustered mention's cluster and the count.
fn entity_rows(a: &Value) -> Vec<Vec<String>> {
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut at: HashMap<(String, String), usize> = HashMap::new();
    for e in a["entities"].as_array().unwrap() {
        let key = (s(&e["type"]), s(&e["text"]));
        let i = *at.entry(key.clone()).or_insert_with(|| {
            rows.push(vec![
                key.0,
                key.1,
                String::new(),
                "0".into(),
                e["start"].to_string(),
            ]);
            rows.len() - 1
        });
        let n: usize = rows[i][3].parse().unwrap();
        rows[i][3] = (n + 1).to_string();
        if let (true, Some(c)) = (rows[i][2].is_empty(), e["cluster"].as_u64()) {
            rows[i][2] = s(&a["clusters"][c as usize]["canonical"]);
        }
    }
    rows
}

#[test]
fn csv_entities_group_the_json_mentions() {
    let mut saw_repeat = false;
    for article in ARTICLES {
        let a = analysis(article);
        let out = stdout(
            &["analyze", "--format", "csv", "--table", "entities"],
            article.as_bytes(),
        );
        let rows = csv_rows(&out);
        assert_eq!(rows[0].join(","), "type,text,cluster,count,first");
        let want = entity_rows(&a);
        assert_eq!(rows[1..], want[..]);
        let total: usize = want.iter().map(|r| r[3].parse::<usize>().unwrap()).sum();
        assert_eq!(total, a["entities"].as_array().unwrap().len());
        saw_repeat |= want.iter().any(|r| r[3] != "1");
        // --bom puts a byte-order mark before the same bytes.
        let bom = stdout(
            &["analyze", "--format", "csv", "--table", "entities", "--bom"],
            article.as_bytes(),
        );
        assert_eq!(bom.strip_prefix('\u{FEFF}'), Some(out.as_str()));
    }
    assert!(saw_repeat);
}

/// The test archive: every article twice, under non-ASCII and numeric ids.
fn archive() -> (String, Vec<String>) {
    let mut input = String::new();
    let mut ids = Vec::new();
    for round in 0..2 {
        for (i, t) in ARTICLES.iter().enumerate() {
            let id = format!("خبر، «{i}» {round}");
            input.push_str(&serde_json::json!({"id": id, "text": t}).to_string());
            input.push('\n');
            ids.push(id);
        }
    }
    input.push_str(&serde_json::json!({"id": 99, "text": "x"}).to_string());
    input.push('\n');
    ids.push("99".into());
    (input, ids)
}

#[test]
fn batch_csv_is_each_records_analyze_csv_with_its_id_first() {
    let (input, ids) = archive();
    for table in ["quotes", "entities"] {
        let out = negah(
            &["batch", "--format", "csv", "--table", table],
            input.as_bytes(),
        );
        assert_eq!(out.status.code(), Some(0));
        let rows = csv_rows(&String::from_utf8(out.stdout).unwrap());
        let texts: Vec<&str> = ARTICLES
            .iter()
            .chain(&ARTICLES)
            .copied()
            .chain(["x"])
            .collect();
        let mut want = vec![];
        for (id, t) in ids.iter().zip(texts) {
            let one = csv_rows(&stdout(
                &["analyze", "--format", "csv", "--table", table],
                t.as_bytes(),
            ));
            if want.is_empty() {
                want.push([vec!["id".to_string()], one[0].clone()].concat());
            }
            for r in &one[1..] {
                want.push([vec![id.clone()], r.clone()].concat());
            }
        }
        assert_eq!(rows, want, "{table}");
    }
    // A record that fails goes to standard error, beside the table; the exit code says so.
    let bad = format!("{input}{{\"id\": \"bad\"}}\n");
    let out = negah(&["batch", "--format", "csv"], bad.as_bytes());
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("error record: {\"id\":\"bad\""), "{err}");
    assert!(!String::from_utf8(out.stdout).unwrap().contains("bad"));
    let out = negah(&["batch", "--format", "csv", "--layers", "normalize"], b"");
    assert_eq!(out.status.code(), Some(2));
}

#[derive(Default, Debug, PartialEq)]
struct Count {
    n: u64,
    records: u64,
}

/// Counts of `keys` over records: occurrences and records with at least one.
fn tally(per_record: &[Vec<(String, String)>]) -> BTreeMap<(String, String), Count> {
    let mut m: BTreeMap<(String, String), Count> = BTreeMap::new();
    for keys in per_record {
        let mut seen = HashSet::new();
        for k in keys {
            let c = m.entry(k.clone()).or_default();
            c.n += 1;
            if seen.insert(k) {
                c.records += 1;
            }
        }
    }
    m
}

#[test]
fn stats_are_the_counts_of_the_jsonl_output() {
    let (mut input, _) = archive();
    input.push_str("not json\n");
    let out = negah(&["batch"], input.as_bytes());
    let results: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .filter(|v: &Value| v.get("analysis").is_some())
        .collect();
    let mut speakers = vec![];
    let mut mentions = vec![];
    let mut per_record = vec![];
    let mut unattributed = 0;
    for r in &results {
        let a = &r["analysis"];
        let quotes = a["quotes"].as_array().unwrap();
        let named: Vec<(String, String)> = quotes
            .iter()
            .map(speaker)
            .filter(|n| !n.is_empty())
            .map(|n| (String::new(), n))
            .collect();
        unattributed += quotes.len() - named.len();
        speakers.push(named);
        let entities = a["entities"].as_array().unwrap();
        mentions.push(
            entities
                .iter()
                .map(|e| (s(&e["type"]), name(a, e)))
                .collect(),
        );
        per_record.push(serde_json::json!({
            "id": r["id"], "quotes": quotes.len(), "mentions": entities.len()
        }));
    }
    let stats_out = negah(
        &["batch", "--stats", "--stats-format", "json", "--top", "0"],
        input.as_bytes(),
    );
    assert_eq!(
        stats_out.status.code(),
        Some(3),
        "the bad line still counts"
    );
    let stats: Value = serde_json::from_slice(&stats_out.stdout).unwrap();
    assert_eq!(stats["records"], results.len());
    assert_eq!(stats["errors"], 1);
    assert_eq!(stats["unattributed_quotes"], unattributed);
    assert_eq!(stats["per_record"], Value::from(per_record));
    let listed = |list: &Value, count: &str, ty: &str| -> BTreeMap<(String, String), Count> {
        list.as_array()
            .unwrap()
            .iter()
            .map(|x| {
                let c = Count {
                    n: x[count].as_u64().unwrap(),
                    records: x["records"].as_u64().unwrap(),
                };
                ((ty.to_string(), s(&x["name"])), c)
            })
            .collect()
    };
    let want_speakers = tally(&speakers);
    assert!(want_speakers
        .values()
        .any(|c| c.records > 1 && c.n > c.records));
    assert_eq!(listed(&stats["speakers"], "quotes", ""), want_speakers);
    let mut got_entities = BTreeMap::new();
    for (ty, list) in stats["entities"].as_object().unwrap() {
        got_entities.extend(listed(list, "mentions", ty));
    }
    assert_eq!(got_entities, tally(&mentions));
    // Most frequent first, ties by name; --top keeps the head of that list.
    let counts: Vec<u64> = stats["speakers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["quotes"].as_u64().unwrap())
        .collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]));
    let top1: Value = serde_json::from_slice(
        &negah(
            &["batch", "--stats", "--stats-format", "json", "--top", "1"],
            input.as_bytes(),
        )
        .stdout,
    )
    .unwrap();
    assert_eq!(
        top1["speakers"],
        Value::from(vec![stats["speakers"][0].clone()])
    );

    // The CSV and text forms say the same.
    let csv = csv_rows(&stdout(
        &["batch", "--stats", "--stats-format", "csv", "--top", "0"],
        input.as_bytes(),
    ));
    assert_eq!(
        csv[0].join(","),
        "section,type,name,quotes,mentions,records"
    );
    let speaker_rows: Vec<_> = csv.iter().filter(|r| r[0] == "speaker").collect();
    assert_eq!(speaker_rows.len(), want_speakers.len());
    for r in &speaker_rows {
        let c = &want_speakers[&(String::new(), r[2].clone())];
        assert_eq!(
            (r[3].parse().unwrap(), r[5].parse().unwrap()),
            (c.n, c.records)
        );
    }
    let record_rows = csv.iter().filter(|r| r[0] == "record").count();
    assert_eq!(record_rows, results.len());
    let text = stdout(&["batch", "--stats", "--top", "0"], input.as_bytes());
    for ((_, name), c) in &want_speakers {
        assert!(
            text.contains(&format!("{:>7} {:>7}  {name}\n", c.n, c.records)),
            "{name}"
        );
    }
}
