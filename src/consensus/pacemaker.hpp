#pragma once
// The view clock: which view the replica is in, whether it has timed out there, and the timer
// to arm. It moves only forward, on a QC or TC for the previous view (from any source).

#include <cstdint>
#include <optional>

#include "consensus/actions.hpp"

namespace espresso::consensus {

class Pacemaker {
 public:
  explicit Pacemaker(std::uint64_t view_timeout_ms) : timeout_ms_(view_timeout_ms) {}

  ViewNumber view() const { return view_; }
  bool timed_out() const { return timed_out_; }

  // Enters `view` if it is ahead; returns the timer to arm for it.
  std::optional<SetTimerAction> advance_to(ViewNumber view) {
    if (view <= view_) return std::nullopt;
    view_ = view;
    timed_out_ = false;
    return SetTimerAction{view_, timeout_ms_};
  }
  // A timer fired: true when it is for the current view (stale timers are ignored).
  bool is_current(ViewNumber timer_view) const { return timer_view == view_; }
  void mark_timed_out() { timed_out_ = true; }
  // Re-armed after a timeout to resend the timeout vote until the view changes.
  SetTimerAction rearm() const { return SetTimerAction{view_, timeout_ms_}; }

 private:
  std::uint64_t timeout_ms_;
  ViewNumber view_ = 0;
  bool timed_out_ = false;
};

}  // namespace espresso::consensus
