//! The command line's own rooms (the binary's, not the library's).

pub mod fixes;
pub mod show;
pub mod watch;
