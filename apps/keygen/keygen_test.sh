#!/usr/bin/env bash
# End-to-end check of keygen and pub-key: files and their mode, determinism with --seed, bad
# seeds rejected, --scheme, and pub-key agreeing with the public keys keygen printed.
set -euo pipefail
keygen="$1"
pubkey="$2"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
failures=0
expect() {  # expect <description> <command...>: the command must succeed
  local what="$1"; shift
  if "$@"; then echo "ok   $what"; else echo "FAIL $what"; failures=$((failures + 1)); fi
}

seed=$(printf '0123456789abcdef%.0s' 1 2 3 4)
"$keygen" -o "$dir/a" -n 3 --seed "$seed" > "$dir/a.out"
"$keygen" -o "$dir/b" -n 3 --seed "$seed" > "$dir/b.out"
"$keygen" -o "$dir/c" -n 1 > /dev/null
expect "writes 0.env..2.env" test -f "$dir/a/0.env" -a -f "$dir/a/2.env" -a ! -e "$dir/a/3.env"
expect "key files have mode 0600" test "$(stat -c %a "$dir/a/1.env")" = 600
expect "seed file has mode 0600" test "$(stat -c %a "$dir/a/.seed")" = 600
expect "seed file holds the seed" test "$(cat "$dir/a/.seed")" = "$seed"
expect "same seed gives same keys" cmp -s "$dir/a/2.env" "$dir/b/2.env"
expect "random seed gives other keys" bash -c "! cmp -s '$dir/a/0.env' '$dir/c/0.env'"
expect "indices differ" bash -c "! cmp -s '$dir/a/0.env' '$dir/a/1.env'"
expect "prints public keys, no private ones" bash -c \
  "grep -q '^ESPRESSO_SEQUENCER_PUBLIC_STAKING_KEY=BLS_VER_KEY~' '$dir/a.out' &&
   ! grep -q PRIVATE '$dir/a.out'"

expect "rejects a 0x seed" bash -c "! '$keygen' -o '$dir/x' --seed 0x$seed 2>/dev/null"
expect "rejects a short seed" bash -c "! '$keygen' -o '$dir/x' --seed abcd 2>/dev/null"
expect "rejects an unknown scheme" bash -c "! '$keygen' -o '$dir/x' --scheme rsa 2>/dev/null"
expect "requires -o" bash -c "! '$keygen' 2>/dev/null"
"$keygen" -o "$dir/bls" --scheme bls --seed "$seed" > /dev/null
expect "--scheme bls writes only the staking key" bash -c \
  "grep -q PRIVATE_STAKING '$dir/bls/0.env' && ! grep -q STATE '$dir/bls/0.env'"

staking=$(grep '^ESPRESSO_SEQUENCER_PRIVATE_STAKING_KEY=' "$dir/a/1.env" | cut -d= -f2)
state=$(grep '^ESPRESSO_SEQUENCER_PRIVATE_STATE_KEY=' "$dir/a/1.env" | cut -d= -f2)
expect "pub-key of the staking key matches the file" test "$("$pubkey" "$staking")" = \
  "$(grep '^ESPRESSO_SEQUENCER_PUBLIC_STAKING_KEY=' "$dir/a/1.env" | cut -d= -f2)"
expect "pub-key of the state key matches the file" test "$("$pubkey" "$state")" = \
  "$(grep '^ESPRESSO_SEQUENCER_PUBLIC_STATE_KEY=' "$dir/a/1.env" | cut -d= -f2)"
expect "pub-key -l prints a libp2p peer id" bash -c "'$pubkey' -l '$staking' | grep -Eq '^12D3KooW[1-9A-HJ-NP-Za-km-z]{44}\$'"
expect "pub-key -l refuses a state key" bash -c "! '$pubkey' -l '$state' 2>/dev/null"
expect "pub-key --key-file prints both public keys" test "$("$pubkey" --key-file "$dir/a/1.env" | wc -l)" = 2
expect "pub-key rejects a public key" bash -c "! '$pubkey' BLS_VER_KEY~abc 2>/dev/null"
expect "pub-key rejects a corrupted key" bash -c "! '$pubkey' '${staking%?}A' 2>/dev/null"

echo "keygen_test: $(( $(grep -c '^expect ' "$0") - failures )) passed, $failures failed"
exit $((failures > 0))
