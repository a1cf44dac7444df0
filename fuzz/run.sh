#!/usr/bin/env bash
# Builds the libFuzzer targets (with AddressSanitizer) and runs each for SECONDS (default 60),
# one after the other, starting from the committed seeds in fuzz/corpus/<target>/.
#
#   fuzz/run.sh [SECONDS] [TARGET...]     e.g. fuzz/run.sh 600 FuzzMarkdown
#
# New inputs that reach new code go to .build/fuzz-corpus/<target>/ (not committed). A crash,
# a broken invariant, a leak, an input slower than 10 s or a run over 2 GB of memory stops the
# run: the input is kept as fuzz/crashes/<target>/crash-… and the script exits 1.
# Replay one input with: fuzz/.build/release/<target> fuzz/crashes/<target>/crash-…
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
seconds="${1:-60}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(FuzzSSHSignature FuzzOpenPGPSignature FuzzOpenPGPKey FuzzAllowedSigners FuzzCommitObject FuzzStrictYAML
    FuzzTrainingCSV FuzzMarkdownLimits FuzzMarkdown FuzzWordDiff)
fi
if [ "$(basename "$(dirname "$here")")" = "fuzz" ]; then
  echo "fuzz/run.sh: the repository's folder is named 'fuzz', the same as this package's; SwiftPM cannot tell them apart. Clone it under another name." >&2
  exit 2
fi
cd "$here"
# lld: gold fails on the sanitizer runtime's symbols ("internal error in format_file_lineno").
swift build -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld
bin="$(swift build -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld --show-bin-path)"
# Swift's own crash backtracer and AddressSanitizer get in each other's way: leave reports to ASan.
export SWIFT_BACKTRACE=enable=no
status=0
summary=()
for target in "${targets[@]}"; do
  corpus="$here/.build/fuzz-corpus/$target"
  crashes="$here/crashes/$target"
  mkdir -p "$corpus" "$crashes"
  log="$here/.build/fuzz-$target.log"
  echo "== $target: $seconds s"
  set +e
  "$bin/$target" "$corpus" "$here/corpus/$target" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$crashes/" >"$log" 2>&1
  rc=$?
  set -e
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  if [ $rc -ne 0 ]; then
    status=1
    grep -E 'ERROR|invariant broken|SUMMARY|Test unit written' "$log" | head -5 >&2 || true
    summary+=("$target: FAILED after $runs executions (log $log, input in $crashes/)")
  else
    rmdir "$crashes" 2>/dev/null || true
    summary+=("$target: $runs executions in $seconds s, no crash")
  fi
done
rmdir "$here/crashes" 2>/dev/null || true
printf '%s\n' "${summary[@]}"
exit $status
