# Shared by tools/test.sh and tools/demo.sh (sourced, not run).

SMB_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

say() { printf '[%s] %s\n' "$(basename "$0")" "$*" >&2; }
die() { say "error: $*"; exit 1; }

# install_debian_packages: installs what tools/debian-packages.txt lists and
# this machine lacks. Idempotent; quiet when nothing is missing.
install_debian_packages() {
  local wanted=() missing=() p
  mapfile -t wanted < <(grep -v '^#' "$SMB_ROOT/tools/debian-packages.txt" | grep -v '^$')
  for p in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" = 0 ] || die "missing Debian packages (${missing[*]}): run as root, or apt-get install them"
  say "installing: ${missing[*]}"
  local log
  log=$(mktemp /tmp/smb-apt.XXXXXX.log)
  export DEBIAN_FRONTEND=noninteractive
  apt_install() { apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "${missing[@]}"; }
  if ! apt_install >"$log" 2>&1; then
    apt-get -o DPkg::Lock::Timeout=600 update >>"$log" 2>&1
    apt_install >>"$log" 2>&1 || { tail -30 "$log" >&2; die "apt-get install failed (log: $log)"; }
  fi
  rm -f "$log"
}

# The Samba fixture runs smbd, which must start as root.
require_root_for_samba() {
  [ "$(id -u)" = 0 ] || die "the Samba tests start smbd, which needs root"
}

# Build outputs shared across clones of this repository on one machine.
bazel_cache_flags() {
  echo "--disk_cache=${SMB_BAZEL_DISK_CACHE:-$HOME/.cache/smb-bazel-disk}"
}
