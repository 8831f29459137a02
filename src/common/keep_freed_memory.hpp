#pragma once
// Process start-up: keep freed large blocks for reuse instead of returning them to the kernel.
// Block payloads, their VID encodings and their JSON texts are megabytes each, and touching fresh
// pages costs ≈8 ms per MiB in this VM (measured by bench/vid/vid_bench.cpp); glibc would map and
// unmap each such buffer. Memory stays at the process's peak instead of shrinking after it.

#include <malloc.h>

namespace espresso {

inline void keep_freed_memory() {
  mallopt(M_MMAP_THRESHOLD, 32 << 20);  // the largest glibc accepts on 64-bit
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
}

}  // namespace espresso
