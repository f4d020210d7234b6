//! Lists the boilerplate regions found in each file (after normalization), for checking the
//! phrase list against a corpus: `cargo run --release --example norm_boilerplate -- FILE…`.

fn main() {
    let opts = negah::NormOptions::default();
    let (mut files, mut marked) = (0, 0);
    for f in std::env::args().skip(1) {
        let Ok(text) = std::fs::read_to_string(&f) else {
            continue;
        };
        files += 1;
        let n = negah::normalize(&text, &opts);
        let regions = negah::boilerplate::find(&n.text);
        if !regions.is_empty() {
            marked += 1;
        }
        for r in regions {
            let s: String = n.text[r.range.clone()].chars().take(90).collect();
            println!("{f}\t{}\t{}", r.label, s.replace('\n', " ⏎ "));
        }
    }
    eprintln!("{marked} of {files} files have boilerplate");
}
