#!/usr/bin/env bash
# tools/demo.sh: the main job, end to end, on a fresh Debian 12 machine as
# root. Starts a throwaway Samba on 127.0.0.1 (//smb/testing), copies a file
# up and down, checks the copy, and stops the server and everything it
# spawned, whatever happens.
#
# The copies are made with this project's smbcli (//tools:smbcli), which
# draws a progress bar when stdout is a terminal and prints the throughput.
#
#   SMB_DEMO_MIB=256  size of the file copied
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$SMB_ROOT"

install_debian_packages
require_root_for_samba

mib=${SMB_DEMO_MIB:-256}
work=$(mktemp -d /tmp/smb-demo.XXXXXX)
server_pid=
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid"
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

say "building smbcli and the Samba fixture"
bazel build $(bazel_cache_flags) //tools:smbcli //smb/testing:samba_server_main \
  2>"$work/build.log" || { cat "$work/build.log" >&2; die "build failed"; }
bin=$(bazel info bazel-bin 2>/dev/null)
fixture=$bin/smb/testing/samba_server_main
smbcli=$bin/tools/smbcli

"$fixture" --env_file="$work/server.env" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 600); do
  [ -f "$work/server.env" ] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; die "the Samba fixture failed to start"; }
  sleep 0.05
done
[ -f "$work/server.env" ] || die "the Samba fixture did not become ready"
. "$work/server.env"
say "Samba ready on $SMB_HOST:$SMB_PORT (user $SMB_USER, shares data, enc, ro)"

head -c "$((mib * 1024 * 1024))" /dev/urandom >"$work/source.bin"
url="smb://$SMB_USER@$SMB_HOST:$SMB_PORT/data"
export SMB_PASSWORD  # smbcli reads the password from here, never from argv
"$smbcli" put "$work/source.bin" "$url/demo.bin"
"$smbcli" get "$url/demo.bin" "$work/copy.bin"

want=$(sha256sum <"$work/source.bin" | cut -d' ' -f1)
server_side=$(sha256sum <"$SMB_SHARE_DIR/demo.bin" | cut -d' ' -f1)
got=$(sha256sum <"$work/copy.bin" | cut -d' ' -f1)
if [ "$want" = "$server_side" ] && [ "$want" = "$got" ]; then
  echo "sha256 $want: source, server copy and download agree"
else
  die "copies differ: source $want, server $server_side, download $got"
fi
