#!/usr/bin/env bash
# End-to-end test of smbcli against the Samba fixture: every command, the
# --json outputs parsed back, and the failures a user meets (wrong password,
# missing file, bad URLs, a read-only share, bad options).
#
#   smbcli_test.sh SMBCLI SAMBA_SERVER_MAIN
set -uo pipefail

smbcli=$(realpath "$1")
fixture=$(realpath "$2")
work=$(mktemp -d "${TEST_TMPDIR:-/tmp}/smbcli-test.XXXXXX")
server_pid=
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid"
    wait "$server_pid" 2>/dev/null
  fi
  rm -rf "$work"
}
trap cleanup EXIT

failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
# ok CMD...: the command succeeds.
ok() { "$@" >"$work/out" 2>"$work/err" || fail "$* -> exit $? ($(cat "$work/err"))"; }
# refused CODE PATTERN CMD...: exits with CODE, one stderr line matching PATTERN.
refused() {
  local code=$1 pattern=$2
  shift 2
  "$@" >"$work/out" 2>"$work/err"
  local got=$?
  [ "$got" = "$code" ] || fail "$* -> exit $got, want $code"
  grep -Eq -- "$pattern" "$work/err" || fail "$* -> stderr '$(cat "$work/err")' lacks /$pattern/"
}
# json EXPR: a Python expression on `d` (the JSON of $work/out) must be true.
json() {
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if eval(sys.argv[2]) else 1)' \
    "$work/out" "$1" || fail "json check '$1' on: $(head -c 400 "$work/out")"
}

"$fixture" --env_file="$work/server.env" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 600); do
  [ -f "$work/server.env" ] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
  sleep 0.05
done
. "$work/server.env"
export SMB_PASSWORD
base="smb://$SMB_USER@$SMB_HOST:$SMB_PORT"
url="$base/data"
disk=$SMB_SHARE_DIR

head -c 3000007 /dev/urandom >"$work/src.bin"
want=$(sha256sum <"$work/src.bin" | cut -d' ' -f1)
sum() { sha256sum <"$1" | cut -d' ' -f1; }

# put / get / cp in every direction, with --json summaries.
ok "$smbcli" put --json "$work/src.bin" "$url/"
json 'd["command"] == "put" and d["bytes"] == 3000007 and d["files"] == 1'
[ "$(sum "$disk/src.bin")" = "$want" ] || fail "put: server copy differs"
ok "$smbcli" get -q "$url/src.bin" "$work/got.bin"
[ "$(sum "$work/got.bin")" = "$want" ] || fail "get: copy differs"
[ ! -s "$work/out" ] || fail "get -q printed: $(cat "$work/out")"
ok "$smbcli" get "$url/src.bin" "$work/got2.bin"
grep -Eq '^get: 3000007 bytes in [0-9.]+ s, [0-9.]+ MiB/s' "$work/out" || fail "get summary: $(cat "$work/out")"
ok "$smbcli" cp --json "$url/src.bin" "$url/copy.bin"
json 'd["server_side"] is True and d["bytes"] == 3000007'
[ "$(sum "$disk/copy.bin")" = "$want" ] || fail "cp share to share: copy differs"
ok "$smbcli" cp --json --verify --jobs 3 --chunk-size 64K "$work/src.bin" "$url/verified.bin"
json 'd["verified"] is True and d["sha256"] == "'"$want"'"'
ok "$smbcli" cp "$url/verified.bin" "$work/cp-down.bin"
[ "$(sum "$work/cp-down.bin")" = "$want" ] || fail "cp share to local: copy differs"

# cp -r both ways, and get into a directory.
mkdir -p "$work/tree/sub/deeper" "$work/tree/empty"
for i in $(seq 1 40); do head -c $((i * 100)) /dev/urandom >"$work/tree/sub/f$i"; done
cp "$work/src.bin" "$work/tree/sub/deeper/big"
ok "$smbcli" cp -r --json "$work/tree" "$url/tree"
json 'd["files"] == 41'
diff -r "$work/tree" "$disk/tree" >/dev/null || fail "cp -r up: trees differ"
mkdir "$work/back"
ok "$smbcli" cp -r "$url/tree" "$work/back"
diff -r "$work/tree" "$work/back/tree" >/dev/null || fail "cp -r down: trees differ"
refused 1 'is a directory' "$smbcli" get "$url/tree" "$work/x"

# ls, ls -l, ls -R, --json.
ok "$smbcli" ls "$url"
grep -qx 'src.bin' "$work/out" && grep -qx 'tree/' "$work/out" || fail "ls: $(cat "$work/out")"
ok "$smbcli" ls -l "$url"
grep -Eq '^-.... +3000007  [0-9T:.Z-]+  src.bin$' "$work/out" || fail "ls -l: $(cat "$work/out")"
ok "$smbcli" ls -R "$url/tree"
grep -qx 'sub/deeper/big' "$work/out" || fail "ls -R: $(cat "$work/out")"
ok "$smbcli" ls -lR --json "$url/tree"
json 'len(d) == 44 and {"path": "sub/deeper/big", "size": 3000007, "type": "file"}.items() <= [e for e in d if e["path"] == "sub/deeper/big"][0].items()'
ok "$smbcli" ls --json "$url/src.bin"
json 'len(d) == 1 and d[0]["name"] == "src.bin" and d[0]["size"] == 3000007'

# stat, cat.
ok "$smbcli" stat --json "$url/src.bin"
json 'd["type"] == "file" and d["size"] == 3000007 and d["modified"].endswith("Z")'
ok "$smbcli" stat "$url/tree"
grep -q '^type: *directory' "$work/out" || fail "stat: $(cat "$work/out")"
"$smbcli" cat "$url/src.bin" >"$work/cat.bin" 2>"$work/err" || fail "cat: $(cat "$work/err")"
[ "$(sum "$work/cat.bin")" = "$want" ] || fail "cat: output differs"

# mkdir [-p], mv, rm [-r], rmdir.
ok "$smbcli" mkdir "$url/made"
[ -d "$disk/made" ] || fail "mkdir"
refused 1 'STATUS_OBJECT_NAME_COLLISION' "$smbcli" mkdir "$url/made"
ok "$smbcli" mkdir -p "$url/made/a/b/c"
[ -d "$disk/made/a/b/c" ] || fail "mkdir -p"
ok "$smbcli" rmdir "$url/made/a/b/c"
[ ! -e "$disk/made/a/b/c" ] || fail "rmdir"
refused 1 'STATUS_DIRECTORY_NOT_EMPTY' "$smbcli" rmdir "$url/made"
ok "$smbcli" mv "$url/copy.bin" "$url/made/moved.bin"
[ -f "$disk/made/moved.bin" ] && [ ! -e "$disk/copy.bin" ] || fail "mv"
ok "$smbcli" mv "$url/made/moved.bin" renamed.bin
[ -f "$disk/renamed.bin" ] || fail "mv to a path"
ok "$smbcli" rm "$url/renamed.bin"
[ ! -e "$disk/renamed.bin" ] || fail "rm"
refused 1 'STATUS_FILE_IS_A_DIRECTORY' "$smbcli" rm "$url/made"
ok "$smbcli" rm -r "$url/made" "$url/tree"
[ ! -e "$disk/made" ] && [ ! -e "$disk/tree" ] || fail "rm -r"

# bench.
ok "$smbcli" bench --json --size 8M "$url"
json 'd["bytes"] == 8388608 and d["upload_mib_per_second"] > 0 and d["download_mib_per_second"] > 0'
ls "$disk" | grep -q smbcli-bench && fail "bench left its scratch file"

# Protocol options: signing on SMB 2.1, encryption with a chosen cipher.
ok "$smbcli" get -q --max-protocol SMB2_10 --sign --signing-algorithm=HMAC-SHA256 "$url/src.bin" "$work/signed.bin"
[ "$(sum "$work/signed.bin")" = "$want" ] || fail "signed get differs"
ok "$smbcli" bench --json --size 1M --encrypt --cipher=AES-256-GCM --cipher AES-128-CCM "$base/enc"
json 'd["encrypted"] is True'
ok "$smbcli" ls --min-protocol=SMB3_00 --max-protocol=SMB3_02 --signing-algorithm AES-CMAC "$url"

# Authentication: -A file, wrong password, no password.
printf 'username = %s\npassword = %s\ndomain = WORKGROUP\n' "$SMB_USER" "$SMB_PASSWORD" >"$work/auth"
ok env -u SMB_PASSWORD "$smbcli" -A "$work/auth" ls "smb://$SMB_HOST:$SMB_PORT/data"
refused 1 '^smbcli: ls .*: STATUS_LOGON_FAILURE' env SMB_PASSWORD=wrong "$smbcli" ls "$url"
refused 1 'no password' env -u SMB_PASSWORD "$smbcli" ls "$url" </dev/null

# Errors: missing file, read-only share, bad URLs, bad options.
refused 1 '^smbcli: get smb://.*/data/nope: STATUS_OBJECT_NAME_NOT_FOUND' "$smbcli" get "$url/nope" "$work/"
[ ! -e "$work/nope" ] || fail "a failed get left a file"
refused 1 '^smbcli: stat .*: STATUS_OBJECT_(NAME|PATH)_NOT_FOUND' "$smbcli" stat "$url/no/such"
refused 1 '^smbcli: put .*: STATUS_ACCESS_DENIED' "$smbcli" put "$work/src.bin" "$base/ro/x.bin"
refused 1 'STATUS_BAD_NETWORK_NAME' "$smbcli" ls "$base/nosuchshare"
refused 1 'names no share' "$smbcli" ls "smb://$SMB_HOST:$SMB_PORT"
refused 1 'empty' "$smbcli" ls "$base//data"
refused 1 'port' "$smbcli" ls "smb://$SMB_HOST:99999/data"
refused 2 'ls \[-l\]' "$smbcli" ls "ftp://$SMB_HOST/data"
refused 1 'smbcli: get .*: .*' "$smbcli" get "smb://$SMB_USER@$SMB_HOST:1/data/x" "$work/"
refused 2 'unknown cipher' "$smbcli" ls --cipher=ROT13 "$url"
refused 2 'unknown protocol' "$smbcli" ls --max-protocol SMB4 "$url"
refused 2 'unknown command' "$smbcli" frobnicate
refused 2 'unknown option' "$smbcli" ls --bogus "$url"

if [ "$failures" -ne 0 ]; then
  echo "$failures checks failed" >&2
  exit 1
fi
echo "all smbcli checks passed"
