#!/usr/bin/env bash
# The README's main command: builds everything, then runs a local network on loopback — an orchestrator,
# DEMO_NODES (4) sequencer nodes with the embedded SQLite storage in a temporary folder, and a transaction
# generator over four namespaces — and prints the blocks node 0 decides (height, transactions, bytes,
# submit-to-decide latency). Ctrl-C (or DEMO_SECONDS elapsing) stops every process and removes the folder (unless DEMO_KEEP=1).
#
# Environment: DEMO_NODES (4), DEMO_BASE_PORT (24000: orchestrator; +100+i p2p; +200+i http), DEMO_RATE
# (transactions/s, 20), DEMO_SIZE (payload bytes, 1KiB), DEMO_SECONDS (0: until Ctrl-C), DEMO_KEEP.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh --target sequencer orchestrator keygen tx-generator

BIN=${ESEQ_BUILD_DIR:-build}/bin
NODES=${DEMO_NODES:-4}
BASE=${DEMO_BASE_PORT:-24000}
RATE=${DEMO_RATE:-20}
SIZE=${DEMO_SIZE:-1KiB}
SECONDS_TO_RUN=${DEMO_SECONDS:-0}
WORK=$(mktemp -d -t espresso-demo.XXXXXX)
pids=()
sleeper=  # the background sleep the script waits on at the end

stop_all() {
  # Finish even when our output is gone (`demo.sh | head`, a closed terminal): a write to a closed
  # pipe then fails instead of killing the script before its children are stopped.
  trap '' PIPE HUP
  trap - EXIT INT TERM
  { echo; echo "demo: stopping ${#pids[@]} processes"; } 2>/dev/null || true
  for pid in "${pids[@]}" ${sleeper:-}; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ "${DEMO_KEEP:-0}" = 1 ]; then
    echo "demo: logs and databases kept in $WORK" 2>/dev/null || true
  else
    rm -rf "$WORK"
  fi
}
trap stop_all EXIT
trap 'exit 130' INT TERM
trap 'exit 129' HUP
trap 'exit 141' PIPE

# Waits until a TCP port on loopback accepts connections (bash's /dev/tcp; no curl needed).
wait_for_port() {
  local port=$1 what=$2
  for _ in $(seq 1 300); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "demo: $what did not open port $port within 30 s; its log:" >&2
  return 1
}

echo "demo: working folder $WORK"
"$BIN/keygen" --seed "$(printf '%064d' 0)" -n "$NODES" -o "$WORK/keys" >"$WORK/keygen.log"
GENESIS=scripts/demo-genesis.toml

"$BIN/orchestrator" -p "$BASE" -n "$NODES" >"$WORK/orchestrator.log" 2>&1 &
pids+=($!)
wait_for_port "$BASE" orchestrator || { cat "$WORK/orchestrator.log" >&2; exit 1; }

for ((i = 0; i < NODES; i++)); do
  p2p=$((BASE + 100 + i))
  http=$((BASE + 200 + i))
  "$BIN/sequencer" --key-file "$WORK/keys/$i.env" --genesis-file "$GENESIS" \
    --orchestrator-url "http://127.0.0.1:$BASE" --is-da \
    --libp2p-bind-address "127.0.0.1:$p2p" --libp2p-advertise-address "127.0.0.1:$p2p" \
    --node-name "demo-$i" \
    -- http --port "$http" -- status -- submit -- config -- catchup \
    -- query -- storage-fs --path "$WORK/node$i" >"$WORK/node$i.log" 2>&1 &
  pids+=($!)
done
urls=()
for ((i = 0; i < NODES; i++)); do
  http=$((BASE + 200 + i))
  wait_for_port "$http" "node $i" || { tail -n 20 "$WORK/node$i.log" >&2; exit 1; }
  urls+=("http://127.0.0.1:$http")
done
echo "demo: $NODES nodes up; HTTP APIs at ${urls[*]}"
echo "demo: try  curl ${urls[0]}/status/block-height  or  ${urls[0]}/status/metrics"

# The generator follows node 0's decided blocks through its query API (--watch) and prints one line per
# block: height, transactions, bytes, and the submit-to-decide latency of its own transactions.
echo "demo: submitting $RATE transactions/s of $SIZE over namespaces 1-4; blocks decided by node 0:"
"$BIN/tx-generator" -u "${urls[@]}" -n 1 2 3 4 -s "$SIZE" -r "$RATE" --watch "${urls[0]}" \
  --progress-interval 10s 2>&1 | tee "$WORK/tx-generator.log" &
pids+=($!)

# Sleeping in the background and waiting for it lets a TERM or INT stop everything at once: bash
# runs a trap only after a foreground command ends, and `wait` returns as soon as a signal arrives.
if [ "$SECONDS_TO_RUN" != 0 ]; then
  sleep "$SECONDS_TO_RUN" &
  sleeper=$!
  wait "$sleeper"
else
  while true; do
    sleep 3600 &
    sleeper=$!
    wait "$sleeper"
  done
fi
