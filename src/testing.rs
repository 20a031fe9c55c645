//! What unit tests share: a small deterministic source of texts made of pieces, and the texts of
//! the fixtures and the shared corpus, on which a fast path is compared with a plain one
//! (thousands of texts, the same ones on every run and machine).

/// xorshift64: deterministic and dependency-free.
pub struct Random(u64);

impl Random {
    pub fn new() -> Random {
        Random(0x2545_f491_4f6c_dd1d)
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A text of up to seven of `pieces`, each drawn at random.
    pub fn text<S: AsRef<str>>(&mut self, pieces: &[S]) -> String {
        (0..self.next() % 8)
            .map(|_| pieces[(self.next() % pieces.len() as u64) as usize].as_ref())
            .collect()
    }
}

/// The text of every file of the fixtures and the shared corpus whose path `keep` accepts: real
/// material a fast path is compared on with the plain one.
pub fn shared_texts(keep: impl Fn(&std::path::Path) -> bool) -> Vec<String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut texts = Vec::new();
    for dir in [root.join("fixtures"), root.join("../shared/corpus")] {
        let walk = ignore::WalkBuilder::new(dir)
            .standard_filters(false)
            .build();
        for entry in walk.flatten() {
            if keep(entry.path())
                && let Ok(text) = std::fs::read_to_string(entry.path())
            {
                texts.push(text);
            }
        }
    }
    texts
}
