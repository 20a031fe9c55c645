//! The command line's own rooms (the binary's, not the library's).

#[cfg(not(windows))]
pub mod allocator;
pub mod fixes;
pub mod show;
pub mod watch;
