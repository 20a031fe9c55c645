//! The file system: the walk over the targets, paths as shown and resolved, interned folders.

pub mod boundary;
pub mod folders;
pub mod names;
pub mod paths;
pub mod read;
pub mod walk;
