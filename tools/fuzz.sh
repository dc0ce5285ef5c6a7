#!/bin/bash
# A fuzzing campaign over every cc_fuzz_target (bazel/fuzz.bzl), then a
# coverage report of the generated decoders.
#
#   tools/fuzz.sh SECONDS      # each fuzzer runs SECONDS; 0: coverage only
#
# 1. Builds every fuzzer with --config=fuzz (clang-14, libFuzzer, ASan, UBSan).
# 2. Runs each for SECONDS, JOBS at a time (default 2), on a scratch copy of
#    its corpus (<package>/<name>_corpus/ and its known crash inputs) with the
#    dictionary fuzz/smb2.dict. A crash ends a run; the fuzzer restarts for
#    the time left (at most 5 times). New crash, leak, timeout and OOM inputs
#    are copied to <package>/<name>_crashes/, where the fuzzer's
#    _regression test replays them.
# 3. Prints: fuzzer, executions per second, corpus size (start -> end), new
#    coverage (edges and features gained), crashes.
# 4. Builds the _regression tests with --config=coverage (.bazelrc: clang-14
#    -fprofile-instr-generate -fcoverage-mapping), replays the seed corpora
#    and the campaign's grown corpora through them, merges the profiles
#    (llvm-profdata-14) and prints llvm-cov-14 report for the generated
#    sources (bazel-bin/smb/proto/generated/*.cc) with line and branch
#    percentages.
#
# Environment: JOBS (parallel fuzzers, default 2), FUZZ_WORK (scratch
# directory, default a fresh one under /tmp), FUZZERS (space-separated
# labels, default every cc_fuzz_target in the workspace).
set -euo pipefail

if [[ $# -ne 1 || ! "$1" =~ ^[0-9]+$ ]]; then
  echo "usage: $0 SECONDS" >&2
  exit 2
fi
SECONDS_PER_FUZZER=$1
JOBS=${JOBS:-2}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
WORK=${FUZZ_WORK:-$(mktemp -d /tmp/fuzz.XXXXXX)}
mkdir -p "$WORK"
DICT="$ROOT/fuzz/smb2.dict"

for tool in clang-14 llvm-profdata-14 llvm-cov-14; do
  if ! command -v "$tool" >/dev/null; then
    echo "$0: $tool is missing (apt-get install llvm-14 clang-14)" >&2
    exit 1
  fi
done

# Every fuzzer: the labels of the cc_binary whose <name>_regression test
# cc_fuzz_target made.
if [[ -z "${FUZZERS:-}" ]]; then
  FUZZERS=$(bazel query --noshow_progress \
      'attr(name, "_fuzzer_regression$", kind(cc_test, //...))' 2>/dev/null |
      sed 's/_regression$//' | sort)
fi
read -r -a LABELS <<<"$(echo $FUZZERS)"
if [[ ${#LABELS[@]} -eq 0 ]]; then
  echo "$0: no fuzzers found" >&2
  exit 1
fi

# package and name of a label //pkg:name
package_of() { local l=${1#//}; echo "${l%%:*}"; }
name_of() { echo "${1##*:}"; }

# --- the campaign ----------------------------------------------------------

run_fuzzer() {
  local label=$1 pkg name bin dir corpus start deadline left restarts=0
  pkg=$(package_of "$label")
  name=$(name_of "$label")
  bin="$FUZZ_BIN/$pkg/$name"
  dir="$WORK/$name"
  corpus="$dir/corpus"
  rm -rf "$dir"
  mkdir -p "$corpus" "$dir/artifacts"
  cp "$ROOT/$pkg/${name}_corpus/"* "$corpus/" 2>/dev/null || true
  if [[ -d "$ROOT/$pkg/${name}_crashes" ]]; then
    cp "$ROOT/$pkg/${name}_crashes/"* "$corpus/" 2>/dev/null || true
  fi
  ls "$corpus" | wc -l >"$dir/corpus_start"
  start=$(date +%s)
  deadline=$((start + SECONDS_PER_FUZZER))
  : >"$dir/log"
  while :; do
    left=$((deadline - $(date +%s)))
    ((left > 0)) || break
    if "$bin" -max_total_time="$left" -dict="$DICT" -timeout=10 \
        -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$dir/artifacts/" "$corpus" >>"$dir/log" 2>&1; then
      break
    fi
    restarts=$((restarts + 1))
    ((restarts < 5)) || break
  done
  ls "$corpus" | wc -l >"$dir/corpus_end"
  echo $(($(date +%s) - start)) >"$dir/elapsed"
}

# Field `key:` (cov, ft) of a libFuzzer status line.
field() { sed -n "s/.* $2: \([0-9]*\).*/\1/p" <<<"$1"; }

report_row() {
  local label=$1 pkg name dir log inited last execs elapsed eps crashes
  pkg=$(package_of "$label")
  name=$(name_of "$label")
  dir="$WORK/$name"
  log="$dir/log"
  inited=$(grep -m1 ' INITED ' "$log" || true)
  last=$(grep -E '^#[0-9]+[[:space:]]+(NEW|REDUCE|pulse|DONE|RELOAD)' "$log" |
      tail -1 || true)
  [[ -n "$last" ]] || last=$inited
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" |
      awk '{s += $1} END {print s + 0}')
  if [[ "$execs" == 0 ]]; then  # runs that crashed print no final stats
    execs=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
  fi
  elapsed=$(cat "$dir/elapsed")
  eps=$(( ${execs:-0} / (elapsed > 0 ? elapsed : 1) ))
  # Crash inputs: new ones go to <package>/<name>_crashes/.
  crashes=0
  local f
  for f in "$dir/artifacts/"*; do
    [[ -e "$f" ]] || continue
    crashes=$((crashes + 1))
    mkdir -p "$ROOT/$pkg/${name}_crashes"
    cp -n "$f" "$ROOT/$pkg/${name}_crashes/"
  done
  local cov0 ft0 cov1 ft1
  cov0=$(field "$inited" cov); ft0=$(field "$inited" ft)
  cov1=$(field "$last" cov); ft1=$(field "$last" ft)
  printf '%-28s %9s %7s -> %-7s %+7d %+8d %8d\n' "$name" "$eps" \
      "$(cat "$dir/corpus_start")" "$(cat "$dir/corpus_end")" \
      $(( ${cov1:-0} - ${cov0:-0} )) $(( ${ft1:-0} - ${ft0:-0} )) "$crashes"
}

if ((SECONDS_PER_FUZZER > 0)); then
  echo "== building ${#LABELS[@]} fuzzers (--config=fuzz)"
  bazel build --config=fuzz --noshow_progress "${LABELS[@]}" 2>&1 | tail -2
  FUZZ_BIN=$(bazel info --config=fuzz bazel-bin 2>/dev/null)
  echo "== fuzzing: ${#LABELS[@]} fuzzers x ${SECONDS_PER_FUZZER}s," \
       "$JOBS at a time, in $WORK"
  running=0
  for label in "${LABELS[@]}"; do
    if ((running >= JOBS)); then
      wait -n || true
      running=$((running - 1))
    fi
    run_fuzzer "$label" &
    running=$((running + 1))
  done
  wait || true
  echo
  printf '%-28s %9s %18s %7s %8s %8s\n' fuzzer exec/s corpus "+edges" \
      "+feats" crashes
  for label in "${LABELS[@]}"; do
    report_row "$label"
  done
  echo "(logs, grown corpora and crash inputs in $WORK)"
fi

# --- coverage of the generated decoders -----------------------------------

echo
echo "== coverage of the generated decoders (--config=coverage)"
TESTS=()
for label in "${LABELS[@]}"; do TESTS+=("${label}_regression"); done
bazel build --config=coverage --noshow_progress "${TESTS[@]}" 2>&1 | tail -2
COV_BIN=$(bazel info --config=coverage bazel-bin 2>/dev/null)
EXECROOT=$(bazel info --config=coverage execution_root 2>/dev/null)
PROFILES="$WORK/profiles"
rm -rf "$PROFILES"
mkdir -p "$PROFILES"
OBJECTS=()
for label in "${LABELS[@]}"; do
  pkg=$(package_of "$label")
  name=$(name_of "$label")
  inputs=("$ROOT/$pkg/${name}_corpus")
  [[ -d "$ROOT/$pkg/${name}_crashes" ]] && inputs+=("$ROOT/$pkg/${name}_crashes")
  [[ -d "$WORK/$name/corpus" ]] && inputs+=("$WORK/$name/corpus")
  LLVM_PROFILE_FILE="$PROFILES/$name.%p.profraw" \
      "$COV_BIN/$pkg/${name}_regression" "${inputs[@]}" >/dev/null 2>&1 ||
      echo "warning: ${name}_regression failed (an open finding?)" >&2
  if ((${#OBJECTS[@]} == 0)); then
    OBJECTS+=("$COV_BIN/$pkg/${name}_regression")
  else
    OBJECTS+=(-object "$COV_BIN/$pkg/${name}_regression")
  fi
done
llvm-profdata-14 merge -sparse -o "$WORK/coverage.profdata" \
    "$PROFILES"/*.profraw
# The generated sources are the only ones under bazel-out/ that are not
# headers; everything else (smb/, fuzz/, external/, system) is left out.
(cd "$EXECROOT" && llvm-cov-14 report "${OBJECTS[@]}" \
    -instr-profile="$WORK/coverage.profdata" \
    -ignore-filename-regex='^(smb|fuzz|external|third_party|tools)/|^/|\.h$') |
    sed 's|bazel-out/[^ ]*/generated/|generated/|' |
    awk '{ if (NF >= 13 && $1 != "Filename")
             printf "%-28s lines %6s of %6s  %7s   branches %6s of %6s  %7s\n",
                    $1, $8 - $9, $8, $10, $11 - $12, $11, $13 }'
