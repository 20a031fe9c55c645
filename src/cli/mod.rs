//! The command line's own rooms (the binary's, not the library's).

pub mod show;
