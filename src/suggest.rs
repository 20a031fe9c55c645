//! "Did you mean …?": the closest candidate to a misspelt word.

/// Lowercase, without `_`, `-`, `.` and spaces: `UriFolder`, `uri-folder` and `URI_FOLDER` all
/// normalise to `urifolder`.
fn normalise(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, '_' | '-' | '.' | ' '))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Optimal string alignment distance (Levenshtein plus adjacent transpositions).
pub fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev2: Vec<usize> = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur: Vec<usize> = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                cur[j] = cur[j].min(prev2[j - 2] + 1);
            }
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
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
    candidates
        .iter()
        .map(|c| (distance(&normalised, &normalise(c)), *c))
        .filter(|&(d, _)| d <= max_distance && d < normalised.chars().count())
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
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
}
