//! "Did you mean …?": the closest candidate to a misspelt word.

/// Lowercase, without `_`, `-`, `.` and spaces: `UriFolder`, `uri-folder` and `URI_FOLDER` all
/// normalise to `urifolder`.
fn normalise(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, '_' | '-' | '.' | ' '))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Optimal string alignment distance (Levenshtein plus adjacent transpositions), by characters.
pub fn distance(a: &str, b: &str) -> usize {
    strsim::osa_distance(a, b)
}

/// The candidate closest to `word`: one that differs only in case and separators, or else the
/// single nearest within `max_distance` edits. `None` when nothing is close or `word` is itself a
/// candidate.
pub fn closest<'c>(word: &str, candidates: &[&'c str], max_distance: usize) -> Option<&'c str> {
    if candidates.contains(&word) || word.len() > 64 {
        return None;
    }
    let normalised = normalise(word);
    if let Some(c) = candidates.iter().find(|c| normalise(c) == normalised) {
        return Some(c);
    }
    let length = normalised.chars().count();
    candidates
        .iter()
        .map(|c| (normalise(c), *c))
        // An edit changes the length by one at most: a word whose length is further off is
        // not measured (most words a file's keys are asked about).
        .filter(|(spelt, _)| spelt.chars().count().abs_diff(length) <= max_distance)
        .map(|(spelt, c)| (distance(&normalised, &spelt), c))
        .filter(|&(d, _)| d <= max_distance && d < length)
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

/// Candidates prepared once for many words (a component's 5,000 declared inputs against each of
/// the 1,000 a script sets): each normalised once, found by its normalised spelling in a map, and
/// compared only when two cheap lower bounds of the distance allow it — the difference of the
/// lengths, and half the difference of the letter counts (one edit changes at most two) — then
/// by a distance that stops as soon as it exceeds the bound. A word costs a pass over small
/// counts, not thousands of full distances.
pub struct Candidates<'c> {
    prepared: Vec<Prepared<'c>>,
    /// Normalised spelling → the first candidate with it.
    by_spelling: std::collections::HashMap<String, &'c str>,
}

struct Prepared<'c> {
    normalised: Vec<char>,
    counts: Counts,
    candidate: &'c str,
}

/// How many characters of a word fall in each of 32 buckets (by code point).
type Counts = [u8; 32];

fn counts(chars: &[char]) -> Counts {
    let mut out = [0u8; 32];
    for c in chars {
        let bucket = &mut out[(*c as usize) % 32];
        *bucket = bucket.saturating_add(1);
    }
    out
}

/// A lower bound of the edit distance between words with these counts.
fn counts_bound(a: &Counts, b: &Counts) -> usize {
    let l1: usize = a.iter().zip(b).map(|(x, y)| x.abs_diff(*y) as usize).sum();
    l1.div_ceil(2)
}

impl<'c> Candidates<'c> {
    pub fn new(candidates: impl IntoIterator<Item = &'c str>) -> Candidates<'c> {
        let mut by_spelling = std::collections::HashMap::new();
        let prepared = candidates
            .into_iter()
            .map(|candidate| {
                let spelling = normalise(candidate);
                let normalised: Vec<char> = spelling.chars().collect();
                by_spelling.entry(spelling).or_insert(candidate);
                Prepared {
                    counts: counts(&normalised),
                    normalised,
                    candidate,
                }
            })
            .collect();
        Candidates {
            prepared,
            by_spelling,
        }
    }

    /// [`closest`], against the prepared candidates.
    pub fn closest(&self, word: &str, max_distance: usize) -> Option<&'c str> {
        if word.len() > 64 || self.prepared.iter().any(|p| p.candidate == word) {
            return None;
        }
        let spelling = normalise(word);
        if let Some(c) = self.by_spelling.get(&spelling) {
            return Some(c);
        }
        let chars: Vec<char> = spelling.chars().collect();
        let word_counts = counts(&chars);
        let mut best: Option<(usize, &'c str)> = None;
        for p in &self.prepared {
            let bound = best.map_or(max_distance, |(d, _)| d.saturating_sub(1));
            if p.normalised.len().abs_diff(chars.len()) > bound
                || counts_bound(&p.counts, &word_counts) > bound
            {
                continue;
            }
            if let Some(d) = bounded_distance(&chars, &p.normalised, bound)
                && d < chars.len()
            {
                best = Some((d, p.candidate));
                if d == 0 {
                    break;
                }
            }
        }
        best.map(|(_, c)| c)
    }
}

/// [`distance`], or `None` as soon as it is sure to exceed `bound`: every cell of two rows in a
/// row is past it (a cell is made from the two rows above it, the one above for an edit and the
/// one above that for a transposition).
fn bounded_distance(a: &[char], b: &[char], bound: usize) -> Option<usize> {
    let mut prev2: Vec<usize> = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur: Vec<usize> = vec![0; b.len() + 1];
    let mut prev_min = 0;
    for i in 1..=a.len() {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                cur[j] = cur[j].min(prev2[j - 2] + 1);
            }
            row_min = row_min.min(cur[j]);
        }
        if row_min > bound && prev_min > bound {
            return None;
        }
        prev_min = row_min;
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    Some(prev[b.len()]).filter(|&d| d <= bound)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_spelling_variants_and_typos() {
        let types = ["uri_folder", "uri_file", "mltable", "number"];
        assert_eq!(closest("uri-folder", &types, 2), Some("uri_folder"));
        assert_eq!(closest("UriFolder", &types, 2), Some("uri_folder"));
        assert_eq!(closest("uri_fodler", &types, 2), Some("uri_folder"));
        assert_eq!(closest("input", &["inputs", "outputs"], 2), Some("inputs"));
        assert_eq!(closest("float", &types, 2), None);
        assert_eq!(closest("uri_file", &types, 2), None);
    }

    #[test]
    fn distance_counts_transpositions_once() {
        assert_eq!(distance("ab", "ba"), 1);
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("", "abc"), 3);
    }

    #[test]
    fn prepared_candidates_answer_as_closest_does() {
        let types = ["uri_folder", "uri_file", "mltable", "number"];
        let prepared = Candidates::new(types);
        for word in [
            "uri-folder",
            "UriFolder",
            "uri_fodler",
            "float",
            "uri_file",
            "mltabel",
            "numbre",
            "urifloder",
            "x",
        ] {
            assert_eq!(
                prepared.closest(word, 2),
                closest(word, &types, 2),
                "{word}"
            );
        }
    }
}
