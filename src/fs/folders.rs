//! Folders as numbers: each folder a process looks at is interned once, as its parent's number
//! and its own name, so that the caches of a run keyed by folder (repository roots, configs,
//! discovery) are arrays indexed by that number instead of hash maps each holding the path.
//!
//! A run of 20,000 files in 15,000 folders held each folder's path in four maps (its key in
//! every one, and a cell allocated per entry): a third of its peak memory. Here a folder costs
//! its name once (a few bytes), twelve bytes of node and four of hash table; a cache costs the
//! size of its value per folder (see [`FolderCells`]).
//!
//! Interning is lexical, as everything in [`crate::fs::paths`] is: the path is taken component by
//! component as written (callers pass absolute, normalised paths), and no call touches the disk.

use std::path::{Component, Path, PathBuf};
use std::sync::{LazyLock, OnceLock, RwLock};

use hashbrown::HashTable;

/// A folder's number, the same for the same path for the whole process.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FolderId(u32);

impl FolderId {
    fn index(self) -> usize {
        self.0 as usize
    }
}

/// One interned folder: its parent's number and where its name is in [`Interner::names`].
struct Node {
    /// `u32::MAX` for a path's first component (`/`, a drive, or a relative path's first name).
    parent: u32,
    start: u32,
    end: u32,
}

const NO_PARENT: u32 = u32::MAX;

/// Every folder interned so far. Folder numbers and name offsets are `u32`: four billion
/// folders (or 4 GiB of folder names) would take the process's memory long before.
#[derive(Default)]
struct Interner {
    nodes: Vec<Node>,
    /// Every folder's name, one after the other (as the platform encodes them).
    names: Vec<u8>,
    /// Node numbers, found by the hash of their parent and name.
    table: HashTable<u32>,
}

/// The hash of a folder by its parent's number and its name, the same for a node and for a path
/// being looked up; seeded once per process, so that a repository cannot be made of names that
/// collide.
fn hash(parent: u32, name: &[u8]) -> u64 {
    use std::hash::BuildHasher;
    static SEED: LazyLock<foldhash::fast::RandomState> = LazyLock::new(Default::default);
    SEED.hash_one((parent, name))
}

impl Interner {
    fn name(&self, node: &Node) -> &[u8] {
        &self.names[node.start as usize..node.end as usize]
    }

    fn find(&self, parent: u32, name: &[u8]) -> Option<u32> {
        self.table
            .find(hash(parent, name), |&id| {
                let node = &self.nodes[id as usize];
                node.parent == parent && self.name(node) == name
            })
            .copied()
    }

    fn insert(&mut self, parent: u32, name: &[u8]) -> u32 {
        let id = self.nodes.len() as u32;
        let start = self.names.len() as u32;
        self.names.extend_from_slice(name);
        self.nodes.push(Node {
            parent,
            start,
            end: self.names.len() as u32,
        });
        let Interner {
            nodes,
            names,
            table,
        } = self;
        table.insert_unique(hash(parent, name), id, |&id| {
            let node = &nodes[id as usize];
            hash(node.parent, &names[node.start as usize..node.end as usize])
        });
        id
    }
}

/// A component as it is interned: its bytes as the platform encodes them.
fn component_bytes<'a>(component: &Component<'a>) -> &'a [u8] {
    component.as_os_str().as_encoded_bytes()
}

/// The components of `dir` as [`Path::components`] gives them, as bytes. An absolute Unix path
/// is cut at its separators (the root, then each name but `.`): `Path::components` parses each
/// component, and every file's config and project are looked up by folder number.
fn components(dir: &Path) -> impl Iterator<Item = &[u8]> {
    #[cfg(unix)]
    let cut = dir.is_absolute().then(|| {
        let bytes = dir.as_os_str().as_encoded_bytes();
        std::iter::once(&bytes[..1]).chain(
            bytes[1..]
                .split(|&b| b == b'/')
                .filter(|name| !name.is_empty() && *name != b"."),
        )
    });
    #[cfg(not(unix))]
    let cut: Option<std::iter::Empty<&[u8]>> = None;
    let parsed = cut
        .is_none()
        .then(|| dir.components().map(|c| component_bytes(&c)));
    cut.into_iter()
        .flatten()
        .chain(parsed.into_iter().flatten())
}

static INTERNER: LazyLock<RwLock<Interner>> = LazyLock::new(Default::default);

/// The number of the folder `dir` (absolute and normalised, as [`crate::fs::paths::absolute`]
/// makes it); its ancestors are interned with it.
pub fn id_of(dir: &Path) -> FolderId {
    // A file's folder is asked about several times in a row (its config for the exclusion
    // test, the check and the report; its project): each thread remembers its last answer.
    thread_local! {
        static LAST: std::cell::RefCell<(Vec<u8>, Option<FolderId>)> = Default::default();
    }
    let bytes = dir.as_os_str().as_encoded_bytes();
    let remembered = LAST.with_borrow(|(path, id)| id.filter(|_| path == bytes));
    if let Some(id) = remembered {
        return id;
    }
    let id = intern(dir);
    LAST.with_borrow_mut(|(path, last)| {
        path.clear();
        path.extend_from_slice(bytes);
        *last = Some(id);
    });
    id
}

fn intern(dir: &Path) -> FolderId {
    let interner = &*INTERNER;
    // Almost every folder a run asks about is known already: a shared lock finds it.
    let known = interner.read().ok().and_then(|interner| {
        components(dir).try_fold(NO_PARENT, |parent, name| interner.find(parent, name))
    });
    if let Some(id) = known {
        return FolderId(id);
    }
    let mut interner = match interner.write() {
        Ok(interner) => interner,
        Err(poisoned) => poisoned.into_inner(),
    };
    let id = components(dir).fold(NO_PARENT, |parent, name| {
        match interner.find(parent, name) {
            Some(id) => id,
            None => interner.insert(parent, name),
        }
    });
    FolderId(id)
}

/// The numbers of `dir` and of each of its ancestors, nearest first (as [`Path::ancestors`]
/// lists their paths).
pub fn ids_up_from(dir: &Path) -> Vec<FolderId> {
    let first = id_of(dir);
    let Ok(interner) = INTERNER.read() else {
        return vec![first];
    };
    std::iter::successors(Some(first.0), |&id| {
        Some(interner.nodes[id as usize].parent).filter(|&p| p != NO_PARENT)
    })
    .map(FolderId)
    .collect()
}

/// The path of the folder `id` (as [`id_of`] was given it, component by component). Where a
/// name is not Unicode and the platform is not Unix, it is spelt lossily: the path is for
/// messages.
pub fn path_of(id: FolderId) -> PathBuf {
    let Ok(interner) = INTERNER.read() else {
        return PathBuf::new();
    };
    let mut chain: Vec<&Node> = std::iter::successors(interner.nodes.get(id.index()), |node| {
        (node.parent != NO_PARENT).then(|| &interner.nodes[node.parent as usize])
    })
    .collect();
    chain.reverse();
    let mut path = PathBuf::new();
    for node in chain {
        path.push(os_str(interner.name(node)));
    }
    path
}

#[cfg(unix)]
fn os_str(bytes: &[u8]) -> std::borrow::Cow<'_, std::ffi::OsStr> {
    use std::os::unix::ffi::OsStrExt;
    std::borrow::Cow::Borrowed(std::ffi::OsStr::from_bytes(bytes))
}

#[cfg(not(unix))]
fn os_str(bytes: &[u8]) -> std::borrow::Cow<'_, std::ffi::OsStr> {
    std::borrow::Cow::Owned(String::from_utf8_lossy(bytes).into_owned().into())
}

/// A value per folder, computed once by whichever thread asks first (the others wait for it):
/// the cache of a run keyed by folder.
///
/// The cells live in segments that never move, so a cell can be handed out while other threads
/// add segments: no lock is held while a value is computed, and a lookup is two loads. Each
/// power of two is split into four segments (a quarter of it each), so a cache allocates at
/// most a quarter past the highest folder number it is asked about — numbers are dense, and a
/// run asks every cache about most of its folders. (Doubling segments had a 15,000-folder run
/// allocate 32,000 cells per cache.)
pub struct FolderCells<T> {
    segments: [OnceLock<Box<[OnceLock<T>]>>; SEGMENTS],
}

/// Cells are counted from `FIRST`, so that the smallest power of two splits into quarters of
/// 16; 4 segments for each power of two from 2^6 to 2^31, and the first quarter of 2^32's,
/// cover every `u32`.
const FIRST_BITS: u32 = 6;
const FIRST: usize = 1 << FIRST_BITS;
const SEGMENTS: usize = 4 * (32 - FIRST_BITS as usize) + 1;

impl<T> Default for FolderCells<T> {
    fn default() -> Self {
        FolderCells {
            segments: std::array::from_fn(|_| OnceLock::new()),
        }
    }
}

/// The segment of cell `n` (counted from [`FIRST`]), where it starts and how many cells it has:
/// for n in [2^k, 2^(k+1)), the quarter given by the two bits after the leading one.
fn segment_of(n: usize) -> (usize, usize, usize) {
    let k = usize::BITS - 1 - n.leading_zeros();
    let quarter = (n >> (k - 2)) & 3;
    let segment = (k - FIRST_BITS) as usize * 4 + quarter;
    let len = 1 << (k - 2);
    (segment, (4 + quarter) * len, len)
}

impl<T> FolderCells<T> {
    /// The cell of `folder`.
    pub fn get(&self, folder: FolderId) -> &OnceLock<T> {
        let n = folder.index() + FIRST;
        let (segment, start, len) = segment_of(n);
        let cells =
            self.segments[segment].get_or_init(|| (0..len).map(|_| OnceLock::new()).collect());
        &cells[n - start]
    }

    /// The value of `folder`, computed by `init` if no thread has yet.
    pub fn get_or_init(&self, folder: FolderId, init: impl FnOnce() -> T) -> &T {
        self.get(folder).get_or_init(init)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_has_one_number() {
        let a = id_of(Path::new("/interned/numbers/a"));
        assert_eq!(a, id_of(Path::new("/interned/numbers/a")));
        assert_ne!(a, id_of(Path::new("/interned/numbers/b")));
        assert_ne!(a, id_of(Path::new("/interned/numbers")));
        // Names are compared whole: a name that is another's prefix is another folder.
        assert_ne!(
            id_of(Path::new("/interned/ab/c")),
            id_of(Path::new("/interned/a/bc"))
        );
        assert_ne!(
            id_of(Path::new("relative/a")),
            id_of(Path::new("/relative/a"))
        );
    }

    #[test]
    fn components_are_those_path_gives() {
        for path in [
            "/",
            "/a",
            "/a/b/c",
            "/a//b/./c/..",
            "relative/x",
            "./x",
            "/a b/c.d",
        ] {
            let ours: Vec<&[u8]> = components(Path::new(path)).collect();
            let std: Vec<&[u8]> = Path::new(path)
                .components()
                .map(|c| component_bytes(&c))
                .collect();
            assert_eq!(ours, std, "{path}");
        }
    }

    #[test]
    fn a_number_gives_its_path_back() {
        for path in ["/interned/back/a b", "/", "relative/back", "."] {
            assert_eq!(path_of(id_of(Path::new(path))), Path::new(path));
        }
    }

    #[test]
    fn ancestors_are_numbered_nearest_first() {
        let path = Path::new("/interned/up/from/here");
        let ids = ids_up_from(path);
        let expected: Vec<FolderId> = path.ancestors().map(id_of).collect();
        assert_eq!(ids, expected);
        assert_eq!(ids.len(), 5);
    }

    /// Segments tile the numbers without gap or overlap, each within its power of two.
    #[test]
    fn segments_tile_the_numbers() {
        let mut next = (0, FIRST);
        for n in FIRST..FIRST << 12 {
            let (segment, start, len) = segment_of(n);
            if n == next.1 {
                assert_eq!((segment, start), next, "{n}");
                next = (segment + 1, start + len);
            }
            assert!((start..start + len).contains(&n), "{n}");
            assert!(len * 4 <= n && n < len * 8, "{n}");
        }
        let (last, ..) = segment_of(u32::MAX as usize + FIRST);
        assert_eq!(last, SEGMENTS - 1);
    }

    #[test]
    fn cells_are_per_folder_across_segments() {
        let cells = FolderCells::<usize>::default();
        // Every cell up to several segments' worth, and each boundary between segments.
        let numbers: Vec<u32> = (0..5_000)
            .chain(
                (7..16)
                    .flat_map(|bits| [(1 << bits) - FIRST as u32 - 1, (1 << bits) - FIRST as u32]),
            )
            .collect();
        for &n in &numbers {
            assert_eq!(*cells.get_or_init(FolderId(n), || n as usize), n as usize);
        }
        for &n in &numbers {
            assert_eq!(cells.get(FolderId(n)).get(), Some(&(n as usize)), "{n}");
        }
        assert_eq!(cells.get(FolderId(5_000)).get(), None);
    }

    #[test]
    fn a_value_is_computed_once_however_many_threads_ask() {
        let cells = FolderCells::<u64>::default();
        let computed = std::sync::atomic::AtomicUsize::new(0);
        let id = id_of(Path::new("/interned/once"));
        std::thread::scope(|scope| {
            for _ in 0..8 {
                scope.spawn(|| {
                    cells.get_or_init(id, || {
                        computed.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                        7
                    });
                });
            }
        });
        assert_eq!(computed.into_inner(), 1);
        assert_eq!(cells.get(id).get(), Some(&7));
    }
}
