#!/usr/bin/env bash
# Regenerates testdata/pcaps/golden/<capture>.tsv: what Wireshark's SMB2
# dissector (tshark) decodes from each capture under testdata/pcaps, one row
# per SMB2 message, for the fields smb/capture/tshark_golden_test.cc
# compares with our decoder. Run once and commit the output; the test itself
# never needs tshark.
#
# tshark -T fields prints one row per frame and merges every occurrence of a
# field in the frame (all members of a compound, the TRANSFORM_HEADER's
# SessionId with the decrypted header's, the tree name Wireshark attaches to
# every header from its TREE_CONNECT). So the script asks tshark for
# -T json, which keeps each SMB2 message in its own "smb2" object, and jq
# turns every message into a row: the header fields from its "SMB2 Header"
# object, the body fields (for its command and direction, below) from its
# body object. A field that occurs several times in one message (dialects,
# negotiate context types) gets its values joined by "," as -T fields would.
#
# Usage: tools/tshark_golden.sh   (from anywhere; needs tshark 4.0 and jq)
set -euo pipefail

cd "$(dirname "$0")/.."
pcaps=testdata/pcaps
out="$pcaps/golden"
mkdir -p "$out"
# Absolute times are printed in local time: pin it.
export TZ=UTC LC_ALL=C

header_fields=(
  smb2.cmd smb2.flags smb2.flags.response smb2.credit.charge
  smb2.channel_sequence smb2.nt_status smb2.credits.requested
  smb2.credits.granted smb2.chain_offset smb2.msg_id smb2.aid smb2.pid
  smb2.tid smb2.sesid smb2.signature
)

# Body fields per "command:response". Fields Wireshark fills in from another
# message (smb2.class in a GetInfo response, the tree name of a TID) are left
# out: they are not in the message.
error_fields="smb2.error.context_count smb2.error.byte_count smb2.error.data"
negotiate_contexts="smb2.negotiate_context.count smb2.negotiate_context.type
  smb2.negotiate_context.hash_algorithm
  smb2.negotiate_context.salt smb2.negotiate_context.cipher_id
  smb2.negotiate_context.signing_id smb2.negotiate_context.comp_alg_id
  smb2.negotiate_context.netname"
times="smb2.create.time smb2.last_access.time smb2.last_write.time
  smb2.last_change.time"
declare -A body_fields=(
  [0:0]="smb2.sec_mode smb2.capabilities smb2.client_guid smb2.dialect_count
         smb2.dialect $negotiate_contexts"
  [0:1]="smb2.sec_mode smb2.dialect smb2.server_guid smb2.capabilities
         smb2.max_trans_size smb2.max_read_size smb2.max_write_size
         smb2.current_time smb2.boot_time smb2.security_blob
         $negotiate_contexts $error_fields"
  [1:0]="smb2.ses_req_flags smb2.sec_mode smb2.capabilities
         smb2.previous_sesid smb2.security_blob"
  [1:1]="smb2.session_flags smb2.security_blob $error_fields"
  [2:1]="$error_fields"
  [3:0]="smb2.tc.flags smb2.tree"
  [3:1]="smb2.share_type smb2.share_flags smb2.share_caps smb.access_mask
         $error_fields"
  [4:1]="$error_fields"
  [5:0]="smb2.create.oplock smb2.impersonation.level smb.access_mask
         smb2.file_attribute smb.share_access smb2.create.disposition
         smb.create_options smb2.filename smb2.tag"
  [5:1]="smb2.create.oplock smb2.create.rep_flags smb2.create.action $times
         smb2.allocation_size smb2.eof smb2.file_attribute smb2.fid smb2.tag
         $error_fields"
  [6:0]="smb2.close.flags smb2.fid"
  [6:1]="smb2.close.flags $times smb2.allocation_size smb2.eof
         smb2.file_attribute $error_fields"
  [7:0]="smb2.fid"
  [7:1]="$error_fields"
  [8:0]="smb2.read_padding smb2.read_flags smb2.read_length smb2.file_offset
         smb2.fid smb2.min_count smb2.channel smb2.remaining_bytes"
  [8:1]="smb2.olb.length smb2.read_remaining $error_fields"
  [9:0]="smb2.write_length smb2.file_offset smb2.fid smb2.channel
         smb2.remaining_bytes smb2.write.flags"
  [9:1]="smb2.write.count smb2.channel_info_length $error_fields"
  [11:0]="smb2.ioctl.function smb2.fid smb2.max_ioctl_in_size
          smb2.max_ioctl_out_size smb2.ioctl.flags"
  [11:1]="smb2.ioctl.function smb2.fid $error_fields"
  [14:0]="smb2.find.infolevel smb2.find.flags smb2.file_index smb2.fid
          smb2.output_buffer_len smb2.find.pattern"
  [14:1]="smb2.olb.length smb2.filename $error_fields"
  [15:0]="smb2.notify.flags smb2.output_buffer_len smb2.fid
          smb.nt.notify.completion_filter"
  [15:1]="smb2.olb.length $error_fields"
  [16:0]="smb2.class smb2.file_info.infolevel smb2.fs_info.infolevel
          smb2.max_response_size smb2.getinfo_input_size
          smb2.getsetinfo_additional smb2.getinfo_flags smb2.fid"
  [16:1]="smb2.olb.length $error_fields"
  [17:0]="smb2.class smb2.file_info.infolevel smb2.setinfo_size
          smb2.getsetinfo_additional smb2.fid"
  [17:1]="$error_fields"
)

# The same lists as JSON for jq: {"header": [...], "body": {"5:0": [...]}}.
spec_json() {
  {
    printf '%s\n' "${header_fields[@]}" | jq -R . | jq -s '{header: .}'
    for key in "${!body_fields[@]}"; do
      # shellcheck disable=SC2086
      printf '%s\n' ${body_fields[$key]} | jq -R . |
        jq -s --arg key "$key" '{body: {($key): .}}'
    done
  } | jq -s 'reduce .[] as $part ({}; . * $part)'
}

# shellcheck disable=SC2016
read -r -d '' to_rows <<'JQ' || true
# Every SMB2 message of a frame, in order, looking inside decrypted
# TRANSFORM frames ("Encrypted SMB3 data" holds the decrypted "smb2").
def arr: if type == "array" then .[] else . end;
def msgs:
  arr | objects |
  if has("SMB2 Header") then .
  else (.["Encrypted SMB3 data"]? | objects | .smb2 // empty | msgs) end;
# Every (field, value) under an object, at any depth, in order.
def pairs:
  to_entries[] |
  .key as $k | .value |
  if type == "object" then pairs
  elif type == "array" then
    .[] | if type == "object" then pairs else {key: $k, value: .} end
  else {key: $k, value: .} end;
def joined($name): [.[] | select(.key == $name) | .value | tostring] | join(",");
($spec.header + ([$spec.body[]] | add | unique)) as $columns |
(["frame", "index"] + $columns | @tsv),
(.[] | ._source.layers as $layers |
 [$layers.smb2? // empty | msgs] | to_entries[] |
 .key as $index | .value as $m |
 [$m["SMB2 Header"] | pairs] as $header |
 "\($header | joined("smb2.cmd")):\($header | joined("smb2.flags.response"))"
   as $kind |
 ($spec.body[$kind] // []) as $wanted |
 [$m | to_entries[] | select(.key != "SMB2 Header") | .value | objects | pairs]
   as $body |
 [$layers.frame["frame.number"], ($index | tostring)] +
 [$columns[] as $c |
  if ($spec.header | index($c)) != null then $header | joined($c)
  elif ($wanted | index($c)) != null then $body | joined($c)
  else "" end] | @tsv)
JQ

spec="$(spec_json)"
shopt -s nullglob
for capture in "$pcaps"/samba/*.pcapng "$pcaps"/zeek/*.pcap; do
  args=(-r "$capture")
  case "$capture" in
    */samba/*)
      args+=(-d tcp.port==4455,nbss)
      keys="${capture%.pcapng}.uat.txt"
      if [[ -f "$keys" ]]; then
        while IFS= read -r line; do
          [[ -n "$line" ]] && args+=(-o "$line")
        done <"$keys"
      fi
      ;;
  esac
  args+=(-T json --no-duplicate-keys -J "frame smb2")
  name="$(basename "${capture%.*}")"
  echo "tshark ${args[*]}" >&2
  tshark "${args[@]}" 2>/dev/null |
    jq -r --argjson spec "$spec" "$to_rows" >"$out/$name.tsv"
done
