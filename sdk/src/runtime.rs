//! What every contract needs to run in WebAssembly: an allocator and a panic handler.
//!
//! A contract call runs in a fresh instance whose memory ends with the call, so the allocator
//! bumps a pointer through the memory (grown a page at a time) and never frees: allocation is a
//! few instructions and the allocator a few bytes of code.

#[cfg(target_arch = "wasm32")]
mod wasm {
	use core::alloc::{GlobalAlloc, Layout};

	/// Bumps through the memory above the module's data and stack.
	struct BumpAllocator;

	/// The next free byte, 0 until the first allocation finds the start of the heap.
	static mut NEXT: usize = 0;

	extern "C" {
		/// Where the linker put the end of the data and stack: the heap starts there.
		static __heap_base: u8;
	}

	const PAGE: usize = 64 * 1024;

	// SAFETY: allocation is single-threaded (a contract runs on one thread), every block returned
	// is aligned as asked, lies within the memory (grown first when needed) and is never handed
	// out twice, since `NEXT` only grows. Freeing does nothing, which `GlobalAlloc` allows. When
	// the memory cannot grow, the contract traps (the chain's memory limit): no null is returned,
	// so no caller carries a path for one.
	unsafe impl GlobalAlloc for BumpAllocator {
		unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
			unsafe {
				let next = core::ptr::addr_of_mut!(NEXT);
				if *next == 0 {
					*next = core::ptr::addr_of!(__heap_base) as usize;
				}
				let start = (*next + layout.align() - 1) & !(layout.align() - 1);
				let end = start.checked_add(layout.size()).unwrap_or_else(|| core::arch::wasm32::unreachable());
				let memory_end = core::arch::wasm32::memory_size(0) * PAGE;
				if end > memory_end
					&& core::arch::wasm32::memory_grow(0, (end - memory_end).div_ceil(PAGE)) == usize::MAX
				{
					core::arch::wasm32::unreachable()
				}
				*next = end;
				// SAFETY: the heap starts above the data and the stack, never at address 0.
				core::hint::assert_unchecked(start != 0);
				start as *mut u8
			}
		}

		unsafe fn dealloc(&self, _: *mut u8, _: Layout) {}
	}

	#[global_allocator]
	static ALLOCATOR: BumpAllocator = BumpAllocator;

	/// In a debug build, a panic reverts with its message; in a release build, it traps.
	#[panic_handler]
	fn panic(info: &core::panic::PanicInfo) -> ! {
		#[cfg(debug_assertions)]
		{
			crate::dispatch::fail(crate::dispatch::DispatchError::Panic(alloc::format!("{info}")))
		}
		#[cfg(not(debug_assertions))]
		{
			let _ = info;
			core::arch::wasm32::unreachable()
		}
	}
}
