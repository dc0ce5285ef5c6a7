#!/usr/bin/env bash
# tools/demo.sh: the main job, end to end, on a fresh Debian 12 machine as
# root. Starts a throwaway Samba on 127.0.0.1 (//smb/testing), copies a file
# up and down, checks the copy, and stops the server and everything it
# spawned, whatever happens.
#
# Today the copy is made with Samba's smbclient: this project's own client
# (smbcli) is not written yet, and the demo will switch to it when it is.
#
#   SMB_DEMO_MIB=64   size of the file copied
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$SMB_ROOT"

install_debian_packages
require_root_for_samba

mib=${SMB_DEMO_MIB:-64}
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

say "building the Samba fixture"
bazel build $(bazel_cache_flags) //smb/testing:samba_server_main 2>"$work/build.log" ||
  { cat "$work/build.log" >&2; die "build failed"; }
fixture=$(bazel info bazel-bin 2>/dev/null)/smb/testing/samba_server_main

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
smb() {
  PASSWD=$SMB_PASSWORD smbclient -s /dev/null -p "$SMB_PORT" -U "$SMB_USER" \
    "//$SMB_HOST/data" -c "$1"
}
start=$(date +%s.%N)
smb "put $work/source.bin demo.bin" >/dev/null
mid=$(date +%s.%N)
smb "get demo.bin $work/copy.bin" >/dev/null
end=$(date +%s.%N)

want=$(sha256sum <"$work/source.bin" | cut -d' ' -f1)
server_side=$(sha256sum <"$SMB_SHARE_DIR/demo.bin" | cut -d' ' -f1)
got=$(sha256sum <"$work/copy.bin" | cut -d' ' -f1)
rate() { awk -v mib="$mib" -v s="$1" -v e="$2" 'BEGIN { printf "%.0f MiB/s", mib / (e - s) }'; }
echo "upload   ${mib} MiB: $(rate "$start" "$mid")   (smbclient)"
echo "download ${mib} MiB: $(rate "$mid" "$end")   (smbclient)"
if [ "$want" = "$server_side" ] && [ "$want" = "$got" ]; then
  echo "sha256 $want: source, server copy and download agree"
else
  die "copies differ: source $want, server $server_side, download $got"
fi
