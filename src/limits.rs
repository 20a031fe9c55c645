//! The bounds shared across modules, in one place: how far a walk descends, how far discovery
//! and the config search climb, how large a file amlint reads. (Bounds one module keeps to
//! itself — a parser's nesting, a report's findings — stay beside the code they bound.)

/// How deep a folder walk descends. Far below any real repository's depth; past it, every
/// `stat` of a path costs its depth, so a hostile chain of thousands of nested folders would
/// cost the square of its depth in the kernel. A file deeper down can still be named.
pub const MAX_WALK_DEPTH: usize = 100;

/// How many folder levels discovery climbs from a file (and the config search with it): far
/// above any real project's depth, and it keeps a chain of thousands of nested folders from
/// costing a walk per level.
pub const MAX_DISCOVERY_LEVELS: usize = 64;

/// Files larger than this are reported and skipped: no real inputs file or script comes close,
/// and it keeps a pre-commit run bounded whatever lands in the repository.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// Notebooks carry their outputs (images, tables), so they get a larger limit.
pub const MAX_NOTEBOOK_BYTES: u64 = 64 * 1024 * 1024;

/// How many inputs (or outputs) of one mapping amlint models. A real invocation sends a handful;
/// a hostile inputs file of a million 6-byte entries (`inputs: {1,2,3,…}`) would cost more than
/// 8× its text in models alone. Past it the rest are not read: the invocation then holds entries
/// amlint has not read, which satisfy every rule that counts inputs or asks for one.
pub const MAX_IO_ENTRIES: usize = 100_000;
