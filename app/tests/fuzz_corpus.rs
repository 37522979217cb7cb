//! Replays the committed fuzz corpus (`app/fuzz/corpus/<target>/`) through the same
//! entry points the fuzz targets call: every input that ever found new coverage must
//! still be read without a panic (a crash fixed stays fixed).
use std::path::Path;

#[test]
fn the_fuzz_corpus_replays_without_a_panic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    let mut total = 0;
    for (name, entry) in app::fuzz_entry::TARGETS {
        let dir = root.join(name);
        let files: Vec<_> = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())).flatten().collect();
        assert!(!files.is_empty(), "the corpus of {name} is empty");
        for f in files {
            let data = std::fs::read(f.path()).unwrap();
            entry(&data);
            total += 1;
        }
    }
    println!("replayed {total} corpus inputs");
}
