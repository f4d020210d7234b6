//! The boilerplate stage's case files (`tests/cases/boilerplate/*.txt`): each is a text
//! written for the project with every region the stage must mark between `⟦` and `⟧`, and
//! nothing else marked. Lines starting with `#` are comments. Several files paste articles
//! one after another, where each footer must end where the next article begins.

mod case_files;

use case_files::case_files;
use std::ops::Range;

/// The text without markers, and the marked byte ranges in it.
fn parse(marked: &str) -> (String, Vec<Range<usize>>) {
    let body: String = marked
        .lines()
        .filter(|l| !l.starts_with('#'))
        .collect::<Vec<_>>()
        .join("\n");
    let mut text = String::new();
    let mut regions = Vec::new();
    let mut open = None;
    for c in body.chars() {
        match c {
            '⟦' => open = Some(text.len()),
            '⟧' => regions.push(open.take().expect("⟧ without ⟦")..text.len()),
            _ => text.push(c),
        }
    }
    assert!(open.is_none(), "⟦ without ⟧");
    (text, regions)
}

#[test]
fn every_case_file_marks_exactly_its_regions() {
    let files = case_files("boilerplate", "txt");
    assert!(files.len() >= 4, "case files missing");
    let mut failures = Vec::new();
    for f in files {
        let name = f.file_name().unwrap().to_string_lossy().to_string();
        let (text, want) = parse(&std::fs::read_to_string(&f).expect("utf-8 case file"));
        assert!(!want.is_empty(), "{name}: nothing marked");
        let got: Vec<Range<usize>> = negah::boilerplate::find(&text)
            .into_iter()
            .map(|r| r.range)
            .collect();
        if got != want {
            let show = |rs: &[Range<usize>]| {
                rs.iter()
                    .map(|r| format!("⟦{}⟧", &text[r.clone()]))
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            failures.push(format!(
                "{name}:\nwant\n{}\ngot\n{}",
                show(&want),
                show(&got)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
