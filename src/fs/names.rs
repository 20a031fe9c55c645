//! Paths below one folder, held compactly: the relative paths in one buffer, then put in path
//! order by a permutation beside them.
//!
//! Project discovery lists every YAML, JSON and Python-holding file of a tree it climbs; a
//! 300,000-file tree has 240,000 of them. Each as an absolute `Arc<Path>` cost about 100 bytes
//! (the path, its allocation's header and size class), and the list of them was most of such a
//! run's memory. Here a file costs its relative path's bytes and eight more (where it ends, and
//! its place in the order).

use std::cmp::Ordering;
use std::ffi::OsStr;
use std::ops::Range;
use std::path::Path;

/// Relative paths, in one buffer, in the order they were added ([`RelativePaths::push`]).
#[derive(Default, Debug, Clone)]
pub struct RelativePaths {
    bytes: Vec<u8>,
    /// Where each path ends in `bytes` (it starts where the one before it ends).
    ends: Vec<u32>,
}

impl RelativePaths {
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Add `path` (relative). Past 4 GiB of paths — no real tree — the rest are left out.
    pub fn push(&mut self, path: &Path) {
        let bytes = path.as_os_str().as_encoded_bytes();
        let Ok(end) = u32::try_from(self.bytes.len() + bytes.len()) else {
            return;
        };
        self.bytes.extend_from_slice(bytes);
        self.ends.push(end);
    }

    /// Add every path of `other` (in any order), each below `prefix` (relative; may be empty).
    pub fn append_below<'a>(&mut self, prefix: &Path, other: impl Iterator<Item = &'a Path>) {
        for path in other {
            if prefix.as_os_str().is_empty() {
                self.push(path);
            } else {
                self.push(&prefix.join(path));
            }
        }
    }

    /// The `i`th path added.
    pub fn get(&self, i: usize) -> &Path {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        Path::new(os_str(&self.bytes[start..self.ends[i] as usize]))
    }

    pub fn iter(&self) -> impl Iterator<Item = &Path> {
        (0..self.len()).map(|i| self.get(i))
    }

    /// The same paths in path order.
    pub fn sorted(mut self) -> SortedPaths {
        self.bytes.shrink_to_fit();
        self.ends.shrink_to_fit();
        let mut order: Vec<u32> = (0..self.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| compare(self.get(a as usize), self.get(b as usize)));
        SortedPaths {
            paths: self,
            order: order.into(),
        }
    }
}

/// [`RelativePaths`] in path order (component by component, as `Path`s compare: the paths
/// below a folder follow one another), which [`SortedPaths::under`] and [`SortedPaths::find`]
/// search. The order is a permutation beside the paths, not a sorted copy of them: a copy
/// doubled the memory a 300,000-file tree's listing took while it was made.
#[derive(Default, Debug)]
pub struct SortedPaths {
    paths: RelativePaths,
    order: Box<[u32]>,
}

impl SortedPaths {
    pub fn len(&self) -> usize {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// The `i`th path in path order.
    pub fn get(&self, i: usize) -> &Path {
        self.paths.get(self.order[i] as usize)
    }

    /// When the `i`th path in path order was added (its index then).
    pub fn added_as(&self, i: usize) -> usize {
        self.order[i] as usize
    }

    /// The paths in path order.
    pub fn iter(&self) -> impl Iterator<Item = &Path> {
        (0..self.len()).map(|i| self.get(i))
    }

    /// The run of paths at or below `folder` (relative; empty: all).
    pub fn under(&self, folder: &Path) -> Range<usize> {
        if folder.as_os_str().is_empty() {
            return 0..self.len();
        }
        let start = self.partition_point(0, |p| compare(p, folder).is_lt());
        let len = self.partition_point(start, |p| is_at_or_below(p, folder));
        start..start + len
    }

    /// Where `path` is.
    pub fn find(&self, path: &Path) -> Option<usize> {
        let at = self.partition_point(0, |p| compare(p, path).is_lt());
        (at < self.len() && self.get(at) == path).then_some(at)
    }

    /// How many paths from `from` on satisfy `pred` (which holds of a first run of them).
    fn partition_point(&self, from: usize, pred: impl Fn(&Path) -> bool) -> usize {
        let (mut low, mut high) = (from, self.len());
        while low < high {
            let mid = low + (high - low) / 2;
            if pred(self.get(mid)) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        low - from
    }
}

/// How `Path`s order (component by component), for the relative, normal paths a walk gives.
/// On Unix, that is byte order with the separator below every other byte (a component never
/// holds `/` or NUL): one pass over the bytes, where `Path::cmp` parses both into components
/// first — a listing's binary searches were a tenth of a corpus run's instructions.
fn compare(a: &Path, b: &Path) -> Ordering {
    #[cfg(unix)]
    {
        let (a, b) = (
            a.as_os_str().as_encoded_bytes(),
            b.as_os_str().as_encoded_bytes(),
        );
        // The sequences differ first where the bytes do (the mapping is one to one).
        let at = common_prefix(a, b);
        let key = |byte: Option<&u8>| byte.map(|&b| if b == b'/' { 0 } else { b });
        key(a.get(at)).cmp(&key(b.get(at)))
    }
    #[cfg(not(unix))]
    {
        a.cmp(b)
    }
}

/// How many bytes `a` and `b` begin with alike, eight at a time: sorted paths share long
/// prefixes (`c001/azureml-examples/cli/endpoints/batch/…`).
#[cfg(unix)]
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let mut at = 0;
    while at + 8 <= n {
        let word = |s: &[u8]| u64::from_le_bytes(s[at..at + 8].try_into().unwrap_or_default());
        let differ = word(a) ^ word(b);
        if differ != 0 {
            return at + (differ.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    at + a[at..n]
        .iter()
        .zip(&b[at..n])
        .take_while(|(x, y)| x == y)
        .count()
}

/// `path` below `root` (both absolute and normal), as `Path::strip_prefix` gives it: cut from
/// the bytes on Unix, where `strip_prefix` parses both paths into components.
pub fn below<'a>(path: &'a Path, root: &Path) -> Option<&'a Path> {
    #[cfg(unix)]
    {
        let (bytes, prefix) = (
            path.as_os_str().as_encoded_bytes(),
            root.as_os_str().as_encoded_bytes(),
        );
        let rest = bytes.strip_prefix(prefix)?;
        let rest = match rest {
            [] => rest,
            [b'/', rest @ ..] => rest,
            _ if prefix.ends_with(b"/") => rest,
            _ => return None,
        };
        Some(Path::new(os_str(rest)))
    }
    #[cfg(not(unix))]
    {
        path.strip_prefix(root).ok()
    }
}

/// Whether `path` is `folder` or below it (both relative and normal), as `Path::starts_with`
/// says, in one pass over the bytes on Unix.
fn is_at_or_below(path: &Path, folder: &Path) -> bool {
    #[cfg(unix)]
    {
        let (path, folder) = (
            path.as_os_str().as_encoded_bytes(),
            folder.as_os_str().as_encoded_bytes(),
        );
        path.starts_with(folder) && (path.len() == folder.len() || path[folder.len()] == b'/')
    }
    #[cfg(not(unix))]
    {
        path.starts_with(folder)
    }
}

/// The `OsStr` whose encoded bytes are `bytes`: a whole path pushed by
/// [`RelativePaths::push`], so valid.
fn os_str(bytes: &[u8]) -> &OsStr {
    #[cfg(unix)]
    {
        std::os::unix::ffi::OsStrExt::from_bytes(bytes)
    }
    #[cfg(not(unix))]
    {
        // SAFETY: `bytes` are exactly what `OsStr::as_encoded_bytes` gave for one whole path
        // in `push` (the buffer is only ever sliced at the ends it recorded).
        unsafe { OsStr::from_encoded_bytes_unchecked(bytes) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(list: &[&str]) -> RelativePaths {
        let mut paths = RelativePaths::default();
        for p in list {
            paths.push(Path::new(p));
        }
        paths
    }

    #[test]
    fn sorted_in_path_order_with_where_each_came_from() {
        // Bytes would put `a.b` before `a/b` ('.' < '/'); paths compare by component.
        let sorted = paths(&["c.yml", "a.b", "a/b", "a/a/z.yml"]).sorted();
        let got: Vec<&str> = sorted.iter().map(|p| p.to_str().unwrap()).collect();
        assert_eq!(got, ["a/a/z.yml", "a/b", "a.b", "c.yml"]);
        let added: Vec<usize> = (0..4).map(|i| sorted.added_as(i)).collect();
        assert_eq!(added, [3, 2, 1, 0]);
    }

    #[test]
    fn under_takes_the_run_below_a_folder() {
        let sorted = paths(&["a.yml", "b/c.yml", "b/d/e.yml", "b0.yml", "c.yml"]).sorted();
        assert_eq!(sorted.under(Path::new("b")), 1..3);
        assert!(sorted.under(Path::new("x")).is_empty());
        assert!(sorted.under(Path::new("b/c.yml/x")).is_empty());
        assert_eq!(sorted.under(Path::new("")), 0..5);
        assert_eq!(sorted.find(Path::new("b/d/e.yml")), Some(2));
        assert_eq!(sorted.find(Path::new("b/d")), None);
        assert_eq!(sorted.find(Path::new("z")), None);
    }

    #[test]
    fn appended_below_a_prefix() {
        let mut all = paths(&["x.yml"]);
        all.append_below(Path::new("sub"), paths(&["a.yml", "b/c.yml"]).iter());
        let got: Vec<&str> = all.iter().map(|p| p.to_str().unwrap()).collect();
        assert_eq!(got, ["x.yml", "sub/a.yml", "sub/b/c.yml"]);
    }

    #[test]
    fn paths_compare_as_path_does() {
        let long = "c001/azureml-examples/cli/endpoints/batch/deploy-models";
        let longer: Vec<String> = ["/a.yml", "-x/a.yml", "/b/c.yml", "x/a.yml", ""]
            .iter()
            .map(|end| format!("{long}{end}"))
            .collect();
        for x in &longer {
            for y in &longer {
                assert_eq!(
                    compare(Path::new(x), Path::new(y)),
                    Path::new(x).cmp(Path::new(y)),
                    "{x} {y}"
                );
            }
        }
        let names = [
            "a", "a/b", "a-b", "a.b/c", "a/b/c", "a b", "ab", "a/\u{e9}", "\u{e9}", "a/b-c",
            "a/b/c-d",
        ];
        for x in names {
            for y in names {
                assert_eq!(
                    compare(Path::new(x), Path::new(y)),
                    Path::new(x).cmp(Path::new(y)),
                    "{x} {y}"
                );
                assert_eq!(
                    is_at_or_below(Path::new(x), Path::new(y)),
                    Path::new(x).starts_with(y),
                    "{x} {y}"
                );
                let (x, y) = (format!("/{x}"), format!("/{y}"));
                assert_eq!(
                    below(Path::new(&x), Path::new(&y)),
                    Path::new(&x).strip_prefix(&y).ok(),
                    "{x} {y}"
                );
                assert_eq!(
                    below(Path::new(&x), Path::new("/")),
                    Path::new(&x).strip_prefix("/").ok()
                );
            }
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_name_that_is_not_utf8_keeps_its_bytes() {
        use std::os::unix::ffi::OsStrExt;
        let odd = Path::new(OsStr::from_bytes(b"d/\xff.yml"));
        let mut list = paths(&["a.yml"]);
        list.push(odd);
        let sorted = list.sorted();
        assert_eq!(sorted.find(odd), Some(1));
        assert_eq!(sorted.get(1), odd);
    }
}
