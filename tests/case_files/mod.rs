//! What the data-driven tests share: the case files of one folder under `tests/cases/`.

use std::path::{Path, PathBuf};

/// The files of `tests/cases/FOLDER` ending in `.EXT`, sorted by name.
pub fn case_files(folder: &str, ext: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/cases")
        .join(folder);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    files.sort();
    files
}
