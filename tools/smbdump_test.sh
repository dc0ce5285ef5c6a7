#!/usr/bin/env bash
# smbdump end to end on the shared captures: the summary line, decryption
# with keys, a session key alone, or the password; JSON, -v, --stats; and
# clear failures for bad input.
set -uo pipefail
smbdump=$1
pcaps=$2
failures=0
check() {  # check NAME EXPECTED ACTUAL
  if [ "$2" != "$3" ]; then
    echo "FAIL $1: expected [$2], got [$3]"
    failures=$((failures + 1))
  else
    echo "ok   $1"
  fi
}
contains() {  # contains NAME NEEDLE HAYSTACK
  case "$3" in *"$2"*) echo "ok   $1";; *) echo "FAIL $1: no [$2] in output"; failures=$((failures + 1));; esac
}
samba=$pcaps/samba
tmp=${TEST_TMPDIR:-/tmp}

out=$("$smbdump" --port 4455 "$samba/a-smb311-default-fileops.pcapng"); rc=$?
check "plain capture summary" "decoded 86/86 messages, 0 errors, 0 encrypted-undecrypted" "$(tail -1 <<<"$out")"
check "plain capture exit" 0 "$rc"
contains "negotiate line" "C->S NEGOTIATE        request" "$out"
contains "interim credits" "STATUS_MORE_PROCESSING_REQUIRED" "$out"

enc=$samba/d-smb311-encrypted-aes128gcm-fileops
out=$("$smbdump" --port 4455 "$enc.pcapng"); rc=$?
check "no keys" "decoded 6/6 messages, 0 errors, 80 encrypted-undecrypted" "$(tail -1 <<<"$out")"
out=$("$smbdump" --port 4455 --keys "$enc.uat.txt" "$enc.pcapng")
check "key file" "decoded 86/86 messages, 0 errors, 0 encrypted-undecrypted" "$(tail -1 <<<"$out")"
contains "decrypted flag" "encrypted" "$out"
cut -d, -f1,2 "$enc.uat.txt" >"$tmp/session-key-only.txt"
out=$("$smbdump" --port 4455 --keys "$tmp/session-key-only.txt" "$enc.pcapng")
check "session key only" "decoded 86/86 messages, 0 errors, 0 encrypted-undecrypted" "$(tail -1 <<<"$out")"
for f in d-smb311-encrypted-aes128gcm-fileops j-smb300-encrypted-aes128ccm-fileops k-smb311-encrypted-aes256gcm-fileops; do
  out=$("$smbdump" --port 4455 --password 'Passw0rd!' "$samba/$f.pcapng")
  contains "password $f" "0 errors, 0 encrypted-undecrypted" "$(tail -1 <<<"$out")"
done
out=$("$smbdump" --port 4455 --password 'wrong' "$enc.pcapng"); rc=$?
contains "wrong password" "the password does not give the NTProofStr" "$out"
check "wrong password exit" 1 "$rc"

out=$("$smbdump" --port 4455 --json "$samba/a-smb311-default-fileops.pcapng")
json_lines=$(grep -c '^{' <<<"$out")
check "json lines" 86 "$json_lines"
grep '^{' <<<"$out" | /usr/bin/python3 -c '
import json, sys
for line in sys.stdin:
    m = json.loads(line)
    assert m["message"]["type"] == "Message", m
    assert "header" in m["message"] and "body" in m["message"], m
print("ok   json parses")' || failures=$((failures + 1))

out=$("$smbdump" --port 4455 -v "$samba/a-smb311-default-fileops.pcapng")
contains "verbose tree" "dialect_revision: SMB3_1_1" "$out"
out=$("$smbdump" --port 4455 --stats "$samba/a-smb311-default-fileops.pcapng")
contains "stats" "CREATE           response STATUS_SUCCESS" "$out"

out=$("$smbdump" --port 4455 "$samba/e-smb311-get-64MiB-snap256.pcapng"); rc=$?
check "snaplen-cut capture" "decoded 45/45 messages, 0 errors, 0 encrypted-undecrypted" "$(tail -1 <<<"$out")"
contains "cut payload reported" "cut by the capture" "$out"

printf 'not a capture at all' >"$tmp/garbage"
out=$("$smbdump" "$tmp/garbage" 2>&1); rc=$?
contains "garbage file" "not a pcap or pcapng file" "$out"
check "garbage exit" 1 "$rc"
"$smbdump" /nonexistent.pcap >/dev/null 2>&1; check "missing file exit" 2 "$?"

if [ "$failures" -ne 0 ]; then echo "$failures checks failed"; exit 1; fi
echo "all checks passed"
