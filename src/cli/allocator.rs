//! The process's allocator: jemalloc, with small blocks grown by moving them.

use std::alloc::{GlobalAlloc, Layout};

/// jemalloc instead of the system allocator: parsing and the model allocate many small,
/// short-lived values per file from several threads, and glibc's malloc was a sixth of a run's
/// CPU time; jemalloc takes 10-12 % off a run at the same peak memory (mimalloc took as much
/// and doubled the peak). ruff makes the same choice on the same platforms.
///
/// A small block is grown or shrunk by moving it: a new block from the thread's cache, a copy,
/// and the old block freed by its size — where `rallocx` first looks up the old block's size
/// class in jemalloc's page map. Parsers grow many small strings (a YAML scalar, a shell
/// word), and that lookup was a twentieth of a pre-commit run.
pub struct SmallMoves(tikv_jemallocator::Jemalloc);

impl SmallMoves {
    pub const JEMALLOC: SmallMoves = SmallMoves(tikv_jemallocator::Jemalloc);
}

/// Up to this size (both before and after) a block is moved rather than reallocated: jemalloc's
/// small size classes, which it would move anyway unless the size class stays the same.
const SMALL_BLOCK: usize = 4096;

// SAFETY: every method hands the call to jemalloc, whose `GlobalAlloc` is sound; `realloc`
// below keeps its contract (see there).
unsafe impl GlobalAlloc for SmallMoves {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract is jemalloc's.
        unsafe { self.0.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as `alloc`.
        unsafe { self.0.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as `alloc`.
        unsafe { self.0.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if layout.size() > SMALL_BLOCK || new_size > SMALL_BLOCK {
            // SAFETY: as `alloc`.
            return unsafe { self.0.realloc(ptr, layout, new_size) };
        }
        // SAFETY: `new_size` is non-zero and, rounded up to `layout.align()`, does not overflow
        // (the caller's contract), so this layout is valid; `ptr` is a block of `layout` from
        // this allocator, valid for `layout.size()` bytes, and the new block is another, so the
        // two do not overlap; the old block is freed only once its bytes are copied, and left
        // as it was if no new block could be had (as `realloc` must).
        unsafe {
            let new_layout = Layout::from_size_align_unchecked(new_size, layout.align());
            let new = self.0.alloc(new_layout);
            if !new.is_null() {
                std::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
                self.0.dealloc(ptr, layout);
            }
            new
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A block moved by `realloc` keeps its bytes, growing and shrinking, within the small
    /// sizes and across the limit, at any alignment.
    #[test]
    fn realloc_keeps_the_bytes_of_a_block() {
        let allocator = super::SmallMoves::JEMALLOC;
        for align in [1, 8, 64] {
            for (from, to) in [
                (32, 160),
                (160, 24),
                (4000, 4096),
                (4096, 9000),
                (9000, 100),
            ] {
                let layout = Layout::from_size_align(from, align).unwrap();
                // SAFETY: a layout of non-zero size; the block is written within `from` bytes,
                // reallocated once with the layout it was allocated with, read within
                // `min(from, to)` bytes and freed with its new layout.
                unsafe {
                    let block = allocator.alloc(layout);
                    assert!(!block.is_null());
                    for i in 0..from {
                        *block.add(i) = (i % 251) as u8;
                    }
                    let moved = allocator.realloc(block, layout, to);
                    assert!(!moved.is_null());
                    assert_eq!(moved as usize % align, 0, "aligned as asked");
                    for i in 0..from.min(to) {
                        assert_eq!(*moved.add(i), (i % 251) as u8, "byte {i} of {from} -> {to}");
                    }
                    allocator.dealloc(moved, Layout::from_size_align(to, align).unwrap());
                }
            }
        }
    }
}
