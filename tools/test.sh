#!/usr/bin/env bash
# tools/test.sh: the whole test suite, on a fresh Debian 12 machine as root.
#
# Installs the missing Debian packages, then runs `bazel test //...` in each
# config (default: g++ 12; fuzz: clang-14 + libFuzzer + ASan + UBSan; tsan:
# clang-14 ThreadSanitizer) and ends with one line: `N passed, N failed`,
# counting test targets over all configs. Exit status 0 only if none failed.
#
#   SMB_TEST_CONFIGS="default fuzz tsan"   which configs to run
#   extra arguments are passed to every `bazel test` (e.g. a target pattern
#   instead of //...)
set -uo pipefail
. "$(dirname "$0")/lib.sh"
cd "$SMB_ROOT"

install_debian_packages
require_root_for_samba

configs=${SMB_TEST_CONFIGS:-default fuzz tsan}
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(//...)

passed=0
failed=0
for config in $configs; do
  flags=($(bazel_cache_flags) --test_summary=short --nocache_test_results)
  [ "$config" = default ] || flags+=("--config=$config")
  say "bazel test ${flags[*]} ${targets[*]}"
  log=$(mktemp /tmp/smb-test.XXXXXX.log)
  bazel test "${flags[@]}" "${targets[@]}" 2>&1 | tee "$log"
  # One summary line per test target: "//pkg:name   PASSED in 1.2s".
  p=$(grep -cE '^//[^ ]+ +(\(cached\) )?PASSED' "$log")
  f=$(grep -cE '^//[^ ]+ +(\(cached\) )?(FAILED|TIMEOUT|NO STATUS|INCOMPLETE|FLAKY)' "$log")
  if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
    f=1  # nothing ran: a build or analysis failure
    say "config $config: no test ran (see above)"
  fi
  say "config $config: $p passed, $f failed"
  passed=$((passed + p))
  failed=$((failed + f))
  rm -f "$log"
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
