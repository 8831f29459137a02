#pragma once
// Background threads (the query store's writer and pruner, the node's transaction hasher) give way
// to the thread that runs consensus: on a loaded machine every step of a view waits for a core, and
// a decided block's write can wait a few milliseconds where a DA vote cannot.

namespace espresso {

// How far background threads go below the event loop: 10 nice steps give the event loop about 9
// times their share of a contended core.
inline constexpr int kBackgroundNiceSteps = 10;

// Raises the calling thread's nice value by `steps` (up to 19; on Linux nice values are per
// thread). Best effort: false when the system refuses, and the thread runs on as it was.
bool lower_this_thread_priority(int steps);

}  // namespace espresso
