#!/usr/bin/python3
"""Writes the seed corpora of the fuzzers in fuzz/ from real captures.

    tools/fuzz_seeds.py [--out fuzz] [CAPTURE ...]

With no CAPTURE it reads every capture under testdata/pcaps. It reads
pcap/pcapng itself (Ethernet, Linux cooked SLL/SLL2, raw IP, loopback;
IPv4/IPv6), reassembles each TCP direction, splits the NetBIOS frames and the
SMB2 compound chains (as tools/smb2_messages_from_pcap.py does, without
tshark), and writes one seed file per message, per family, into
<out>/<fuzzer>_corpus/, named <capture letter or name>-<frame>-<what>, in the
input format of each fuzzer (the first byte picks the decoder; see the
comment of each fuzz/*_fuzzer.cc). Identical seeds are written once; at most
--per-kind files of one kind per capture. Families the captures lack (DFS
referrals, error contexts, chained compression) get a few seeds built from
the MS-SMB2/MS-DFSC layouts, named synthetic-*.

Needs nothing but Python 3. A development tool: the corpora it writes are
committed, the tests do not run it.

Seeds for every generated structure (random values, not captures) come from
//fuzz:struct_seeds (fuzz/struct_seeds.cc). Seeds and grown campaign corpora
enter the committed corpora through the fuzzer's own merge, which keeps only
inputs that add edges, e.g. (binaries of `bazel build --config=fuzz`):

    smb2_message_fuzzer -merge=1 -use_counters=0 \
        fuzz/smb2_message_fuzzer_corpus GROWN_CORPUS SEED_DIR
"""

import argparse
import bisect
import collections
import hashlib
import os
import struct
import sys

SMB_PORTS = {139, 445, 4455}
MAX_SEED = 30 * 1024
COMMANDS = ["negotiate", "session_setup", "logoff", "tree_connect",
            "tree_disconnect", "create", "close", "flush", "read", "write",
            "lock", "ioctl", "cancel", "echo", "query_directory",
            "change_notify", "query_info", "set_info", "oplock_break"]
DFS_CTL_CODES = {0x00060194: 2, 0x000601B0: 3}  # -> dfs_referral_fuzzer form


# --- capture files ---------------------------------------------------------

def read_packets(blob):
    """Yields (frame_number, link_type, packet bytes) of a pcap or pcapng."""
    magic = blob[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1",
                 b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        yield from _read_pcap(blob)
    elif magic == b"\x0a\x0d\x0d\x0a":
        yield from _read_pcapng(blob)
    else:
        raise ValueError("not a pcap or pcapng file")


def _read_pcap(blob):
    order = "<" if blob[:4] in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1") else ">"
    link_type = struct.unpack(order + "I", blob[20:24])[0] & 0x0FFFFFFF
    pos, frame = 24, 0
    while pos + 16 <= len(blob):
        caplen = struct.unpack(order + "I", blob[pos + 8:pos + 12])[0]
        frame += 1
        yield frame, link_type, blob[pos + 16:pos + 16 + caplen]
        pos += 16 + caplen


def _read_pcapng(blob):
    pos, frame, order, links = 0, 0, "<", []
    while pos + 12 <= len(blob):
        block_type = struct.unpack(order + "I", blob[pos:pos + 4])[0]
        if blob[pos:pos + 4] == b"\x0a\x0d\x0d\x0a":
            order = "<" if blob[pos + 8:pos + 12] == b"\x4d\x3c\x2b\x1a" else ">"
            links = []
            block_type = 0x0A0D0D0A
        length = struct.unpack(order + "I", blob[pos + 4:pos + 8])[0]
        if length < 12:
            return
        body = blob[pos + 8:pos + length - 4]
        if block_type == 1:
            links.append(struct.unpack(order + "H", body[:2])[0])
        elif block_type == 6:
            interface, _, _, caplen = struct.unpack(order + "IIII", body[:16])
            frame += 1
            yield frame, links[interface], body[20:20 + caplen]
        elif block_type == 3:
            frame += 1
            yield frame, links[0], body[4:]
        pos += length


def blocks_prefix(blob, limit):
    """The longest prefix of a capture, cut between records, under limit."""
    if len(blob) <= limit:
        return blob
    if blob[:4] == b"\x0a\x0d\x0d\x0a":
        order = "<" if blob[8:12] == b"\x4d\x3c\x2b\x1a" else ">"
        pos = 0
        while pos + 8 <= len(blob):
            length = struct.unpack(order + "I", blob[pos + 4:pos + 8])[0]
            if pos + length > limit or length < 12:
                break
            pos += length
        return blob[:pos]
    order = "<" if blob[:4] in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1") else ">"
    pos = 24
    while pos + 16 <= len(blob):
        caplen = struct.unpack(order + "I", blob[pos + 8:pos + 12])[0]
        if pos + 16 + caplen > limit:
            break
        pos += 16 + caplen
    return blob[:pos]


# --- link, IP, TCP -----------------------------------------------------------

def ip_payload(link_type, packet):
    """(ip version, ip packet) or None."""
    if link_type == 1:  # Ethernet, maybe VLAN-tagged
        ethertype, pos = struct.unpack(">H", packet[12:14])[0], 14
        while ethertype in (0x8100, 0x88A8) and len(packet) >= pos + 4:
            ethertype, pos = struct.unpack(">H", packet[pos + 2:pos + 4])[0], pos + 4
    elif link_type == 113:  # Linux cooked
        ethertype, pos = struct.unpack(">H", packet[14:16])[0], 16
    elif link_type == 276:  # Linux cooked v2
        ethertype, pos = struct.unpack(">H", packet[0:2])[0], 20
    elif link_type in (0, 108):  # loopback: the IP version tells
        ethertype, pos = None, 4
    elif link_type == 101:
        ethertype, pos = None, 0
    else:
        return None
    ip = packet[pos:]
    if not ip:
        return None
    version = ip[0] >> 4
    if ethertype not in (None, 0x0800, 0x86DD):
        return None
    return version, ip


def tcp_segment(link_type, packet):
    """(src, dst, seq, flags, payload) with src/dst as (addr, port)."""
    got = ip_payload(link_type, packet)
    if got is None:
        return None
    version, ip = got
    if version == 4 and len(ip) >= 20:
        header = (ip[0] & 0x0F) * 4
        if ip[9] != 6:
            return None
        total = struct.unpack(">H", ip[2:4])[0]
        src, dst, tcp = ip[12:16], ip[16:20], ip[header:total]
    elif version == 6 and len(ip) >= 40:
        if ip[6] != 6:
            return None
        length = struct.unpack(">H", ip[4:6])[0]
        src, dst, tcp = ip[8:24], ip[24:40], ip[40:40 + length]
    else:
        return None
    if len(tcp) < 20:
        return None
    sport, dport, seq = struct.unpack(">HHI", tcp[:8])
    offset = (tcp[12] >> 4) * 4
    return (src, sport), (dst, dport), seq, tcp[13], tcp[offset:]


def tcp_streams(blob):
    """{(src, dst): (bytes, [(stream offset, frame)])}, stopping at gaps."""
    segments = collections.defaultdict(list)
    starts = {}
    for frame, link_type, packet in read_packets(blob):
        seg = tcp_segment(link_type, packet)
        if seg is None:
            continue
        src, dst, seq, flags, payload = seg
        if src[1] not in SMB_PORTS and dst[1] not in SMB_PORTS:
            continue
        key = (src, dst)
        if flags & 0x02:  # SYN
            starts[key] = (seq + 1) & 0xFFFFFFFF
        if payload:
            segments[key].append((seq, frame, payload))
    streams = {}
    for key, segs in segments.items():
        base = starts.get(key, min(s for s, _, _ in segs))
        data, frames = bytearray(), []
        for rel, frame, payload in sorted(
                ((seq - base) & 0xFFFFFFFF, frame, payload)
                for seq, frame, payload in segs):
            if rel > len(data) or rel >= 1 << 31:
                break  # a gap: keep what came before it
            fresh = payload[len(data) - rel:]
            if fresh:
                frames.append((len(data), frame))
                data += fresh
        streams[key] = (bytes(data), frames)
    return streams


def smb_pdus(blob):
    """[(frame, to_server, connection, pdu bytes)] in stream order."""
    out = []
    for (src, dst), (data, frames) in tcp_streams(blob).items():
        to_server = dst[1] in SMB_PORTS
        connection = (src, dst) if to_server else (dst, src)
        offsets = [o for o, _ in frames]
        pos = 0
        while pos + 4 <= len(data):
            length = int.from_bytes(data[pos + 1:pos + 4], "big")
            if data[pos] == 0 and pos + 4 + length <= len(data):
                frame = frames[bisect.bisect_right(offsets, pos) - 1][1]
                out.append((frame, to_server, connection,
                            data[pos + 4:pos + 4 + length]))
            pos += 4 + length
    return out


# --- SMB2 ----------------------------------------------------------------------

def u16(b, o):
    return int.from_bytes(b[o:o + 2], "little") if len(b) >= o + 2 else 0


def u32(b, o):
    return int.from_bytes(b[o:o + 4], "little") if len(b) >= o + 4 else 0


def compound_members(pdu):
    start = 0
    while len(pdu) - start >= 64:
        next_command = u32(pdu, start + 20)
        end = start + next_command if next_command else len(pdu)
        yield pdu[start:end]
        if not next_command or end > len(pdu):
            return
        start = end


class Seeds:
    """Collects seeds per fuzzer, deduplicated, at most per_kind per kind."""

    def __init__(self, per_kind):
        self.per_kind = per_kind
        self.files = collections.defaultdict(dict)  # fuzzer -> name -> bytes
        self.seen = collections.defaultdict(set)
        self.kinds = collections.Counter()

    def add(self, fuzzer, prefix, kind, data, frame=None):
        data = bytes(data)
        if not data or len(data) > MAX_SEED:
            return
        digest = hashlib.sha1(data).hexdigest()
        if digest in self.seen[fuzzer]:
            return
        if self.kinds[(fuzzer, prefix, kind)] >= self.per_kind:
            return
        self.kinds[(fuzzer, prefix, kind)] += 1
        self.seen[fuzzer].add(digest)
        name = "%s-%s-%s" % (prefix, "%05d" % frame if frame else "x", kind)
        if name in self.files[fuzzer]:
            name += "-%d" % self.kinds[(fuzzer, prefix, kind)]
        self.files[fuzzer][name] = data


def negotiate_contexts(message, response):
    body = message[64:]
    if response:
        count, offset = u16(body, 6), u32(body, 60)
    else:
        count, offset = u16(body, 32), u32(body, 28)
    pos = offset
    for _ in range(count):
        if pos + 8 > len(message):
            return
        length = u16(message, pos + 2)
        yield message[pos:pos + 8 + length]
        pos = (pos + 8 + length + 7) & ~7


def create_contexts(message, response):
    body = message[64:]
    offset = u32(body, 80) if response else u32(body, 48)
    length = u32(body, 84) if response else u32(body, 52)
    if not offset or not length:
        return
    chain = message[offset:offset + length]
    pos = 0
    while pos + 16 <= len(chain):
        next_entry = u32(chain, pos)
        name_offset, name_length = u16(chain, pos + 4), u16(chain, pos + 6)
        data_offset, data_length = u16(chain, pos + 10), u32(chain, pos + 12)
        end = next_entry or len(chain) - pos
        context = bytearray(chain[pos:pos + end])
        name = bytes(context[name_offset:name_offset + name_length])
        data = bytes(context[data_offset:data_offset + data_length])
        context[0:4] = b"\0\0\0\0"
        context = context[:max(name_offset + name_length,
                               data_offset + data_length if data_length else 0)]
        yield name, data, bytes(context)
        if not next_entry:
            return
        pos += next_entry


def security_descriptor_parts(sd):
    """(kind, form byte, bytes) seeds for the parts of a descriptor."""
    owner, dacl = u32(sd, 4), u32(sd, 16)
    if owner and owner < len(sd):
        yield "sid", 3, sd[owner:]
    if dacl and dacl + 8 <= len(sd):
        size = u16(sd, dacl + 2)
        yield "acl", 1, sd[dacl:dacl + size]
        pos, count = dacl + 8, u16(sd, dacl + 4)
        for _ in range(count):
            ace_size = u16(sd, pos + 2)
            if ace_size < 4 or pos + ace_size > len(sd):
                return
            yield "ace", 2, sd[pos:pos + ace_size]
            yield "ace_body", 4, bytes([sd[pos]]) + sd[pos + 4:pos + ace_size]
            pos += ace_size


def add_security_descriptor(seeds, prefix, frame, sd):
    seeds.add("security_descriptor_fuzzer", prefix, "sd", b"\x00" + sd, frame)
    for kind, form, part in security_descriptor_parts(sd):
        seeds.add("security_descriptor_fuzzer", prefix, kind,
                  bytes([form]) + part, frame)


def add_message(seeds, prefix, frame, message, requests):
    command, status = u16(message, 12), u32(message, 8)
    flags, message_id = u32(message, 16), message[24:32]
    response = bool(flags & 1)
    body = message[64:]
    name = COMMANDS[command] if command < len(COMMANDS) else "0x%x" % command
    kind = "%s-%s-%08x" % (name, "response" if response else "request", status)
    seeds.add("smb2_message_fuzzer", prefix, kind, b"\x00" + message, frame)
    if response and (status >> 30) == 3 and u16(body, 0) == 9:
        seeds.add("error_context_fuzzer", prefix, "error-%08x" % status,
                  b"\x00" + message, frame)
        if body[2:3] != b"\x00" and len(body) >= 8:
            data = body[8:8 + u32(body, 4)]
            seeds.add("error_context_fuzzer", prefix, "contexts", b"\x02" + data,
                      frame)
            seeds.add("error_context_fuzzer", prefix, "context",
                      b"\x01" + data[:8 + u32(data, 0)], frame)
            seeds.add("error_context_fuzzer", prefix, "context_data",
                      b"\x03" + data[4:8] + data[8:8 + u32(data, 0)], frame)
        return
    if flags & 8 and len(message) >= 64:
        seeds.add("decrypt_verify_fuzzer", prefix, "signed",
                  b"\x02" + bytes([frame % 3]) + struct.pack("<H", frame) +
                  message, frame)
    if command == 0 and status == 0:
        for context in negotiate_contexts(message, response):
            ctype = context[0:2]
            seeds.add("negotiate_context_fuzzer", prefix,
                      "type%d" % u16(ctype, 0), b"\x00" + ctype + context[8:],
                      frame)
            seeds.add("negotiate_context_fuzzer", prefix,
                      "context%d" % u16(ctype, 0), b"\x01" + context, frame)
    elif command == 5 and status == 0:
        for tag, data, context in create_contexts(message, response):
            label = tag.decode("latin-1") if tag.isalnum() else tag.hex()[:8]
            form = 1 if response else 0
            seeds.add("create_context_fuzzer", prefix, label,
                      bytes([form, len(tag)]) + tag + data, frame)
            seeds.add("create_context_fuzzer", prefix, label + "-framed",
                      bytes([form + 2]) + context, frame)
            if tag == b"SecD" and not response:
                add_security_descriptor(seeds, prefix, frame, data)
    elif command == 11:  # IOCTL
        ctl = u32(body, 4)
        if not response:
            data = message[u32(body, 24):u32(body, 24) + u32(body, 28)]
            seeds.add("fsctl_fuzzer", prefix, "in%08x" % ctl,
                      b"\x00" + struct.pack("<I", ctl) + data, frame)
            if ctl in DFS_CTL_CODES:
                seeds.add("dfs_referral_fuzzer", prefix, "request",
                          bytes([DFS_CTL_CODES[ctl]]) + data, frame)
        elif status in (0, 0x80000005):
            data = message[u32(body, 32):u32(body, 32) + u32(body, 36)]
            seeds.add("fsctl_fuzzer", prefix, "out%08x" % ctl,
                      b"\x01" + struct.pack("<I", ctl) + data, frame)
            if ctl in DFS_CTL_CODES:
                seeds.add("dfs_referral_fuzzer", prefix, "referral",
                          b"\x00" + data, frame)
    elif command in (14, 16, 17) and not response:
        requests[message_id] = message
        if command == 17:  # SET_INFO carries its buffer
            info_type, info_class = body[2], body[3]
            data = message[u16(body, 8):u16(body, 8) + u32(body, 4)]
            add_info(seeds, prefix, frame, info_type, info_class, data, "set")
    elif command in (14, 16) and response and status in (0, 0x80000005):
        request = requests.get(message_id)
        if request is None or u16(request, 12) != command:
            return
        data = message[u16(body, 2):u16(body, 2) + u32(body, 4)]
        if command == 14:
            seeds.add("fscc_info_fuzzer", prefix, "dir%d" % request[66],
                      bytes([1, request[66]]) + data, frame)
        else:
            add_info(seeds, prefix, frame, request[66], request[67], data,
                     "query")


def add_info(seeds, prefix, frame, info_type, info_class, data, what):
    if info_type == 1:
        seeds.add("fscc_info_fuzzer", prefix, "%s-file%d" % (what, info_class),
                  bytes([0, info_class]) + data, frame)
    elif info_type == 2:
        seeds.add("fscc_info_fuzzer", prefix, "%s-fs%d" % (what, info_class),
                  bytes([2, info_class]) + data, frame)
    elif info_type == 3:
        add_security_descriptor(seeds, prefix, frame, data)


def add_capture(seeds, path):
    base = os.path.basename(path)
    prefix = base.split("-")[0] if "-" in base and len(base.split("-")[0]) == 1 \
        else os.path.splitext(base)[0]
    with open(path, "rb") as f:
        blob = f.read()
    cut = blocks_prefix(blob, MAX_SEED)
    seeds.add("capture_fuzzer", prefix,
              "capture" if len(cut) == len(blob) else "capture-prefix", cut)
    requests = collections.defaultdict(dict)
    plain = 0
    for frame, to_server, connection, pdu in smb_pdus(blob):
        protocol = pdu[:4]
        if protocol == b"\xfeSMB":
            for message in compound_members(pdu):
                add_message(seeds, prefix, frame, message, requests[connection])
                if plain < 4:
                    plain += 1
                    seeds.add("decrypt_verify_fuzzer", prefix, "seal",
                              b"\x01" + bytes([frame % 7]) +
                              struct.pack("<H", frame) +
                              hashlib.sha256(message).digest()[:16] + message,
                              frame)
        elif protocol == b"\xfdSMB":
            seeds.add("transform_header_fuzzer", prefix, "transform",
                      b"\x00" + pdu, frame)
            seeds.add("decrypt_verify_fuzzer", prefix, "open",
                      b"\x00" + struct.pack("<H", frame) + pdu, frame)
        elif protocol == b"\xfcSMB":
            chained = u16(pdu, 10) & 1
            seeds.add("transform_header_fuzzer", prefix, "compressed",
                      bytes([2 if chained else 1]) + pdu, frame)


def add_synthetic(seeds):
    """Seeds for families no capture holds, laid out as the specs say."""
    def utf16z(text):
        return text.encode("utf-16-le") + b"\0\0"
    # MS-DTYP 2.4.6: self-relative descriptors (owner BUILTIN\\Administrators,
    # group SYSTEM, a DACL allowing Everyone and an audit SACL) in Samba's
    # part order and in Windows' (SACL, DACL, owner, group).
    def sid(authority, *subs):
        return struct.pack("<BB", 1, len(subs)) + authority.to_bytes(6, "big") \
            + b"".join(struct.pack("<I", x) for x in subs)

    def acl(*aces):
        return struct.pack("<BBHHH", 2, 0, 8 + sum(map(len, aces)), len(aces),
                           0) + b"".join(aces)

    def ace(ace_type, flags, mask, who):
        return struct.pack("<BBHI", ace_type, flags, 8 + len(who), mask) + who

    owner, group = sid(5, 32, 544), sid(5, 18)
    dacl = acl(ace(0, 3, 0x001F01FF, sid(1, 0)), ace(1, 0, 0x00040000, sid(5, 11)))
    sacl = acl(ace(2, 0xC0, 0x00010000, sid(1, 0)))
    for name, order in (("sd-samba", "ogsd"), ("sd-windows", "sdog")):
        parts = {"o": owner, "g": group, "s": sacl, "d": dacl}
        offsets, blob = {}, b""
        for part in order:
            offsets[part] = 20 + len(blob)
            blob += parts[part]
        sd = struct.pack("<BBHIIII", 1, 0, 0x8014, offsets["o"], offsets["g"],
                         offsets["s"], offsets["d"]) + blob
        add_security_descriptor(seeds, "synthetic", None, sd)
        seeds.add("security_descriptor_fuzzer", "synthetic", name, b"\x00" + sd)
    seeds.add("security_descriptor_fuzzer", "synthetic", "sacl", b"\x01" + sacl)
    seeds.add("security_descriptor_fuzzer", "synthetic", "label-ace",
              b"\x02" + ace(0x11, 0, 1, sid(16, 0x3000)))
    # MS-DFSC 2.2.4: RESP_GET_DFS_REFERRAL with one V3 and one V4 entry.
    strings = utf16z("\\dom\\root") + utf16z("\\dom\\root") + \
        utf16z("\\srv\\share")
    entries = 2
    entry_size = 34
    parts = []
    for i in range(entries):
        to_strings = (entries - i) * entry_size
        version = 3 + i
        parts.append(struct.pack("<HHHHI", version, entry_size, 1, 4 if i else 0,
                                 600) +
                     struct.pack("<HHH", to_strings, to_strings + 20,
                                 to_strings + 40) + b"\0" * 16)
    referral = struct.pack("<HHI", 18, entries, 3) + b"".join(parts) + strings
    seeds.add("dfs_referral_fuzzer", "synthetic", "referral",
              b"\x00" + referral)
    for version in (1, 2, 3, 4):
        seeds.add("dfs_referral_fuzzer", "synthetic", "entry-v%d" % version,
                  b"\x01" + struct.pack("<H", version) + parts[0][:2] +
                  struct.pack("<H", 2 if version == 1 else entry_size) +
                  parts[0][4:])
    seeds.add("dfs_referral_fuzzer", "synthetic", "request",
              b"\x02" + struct.pack("<H", 4) + utf16z("\\dom\\root"))
    path = utf16z("\\dom\\root")[:-2]
    site = utf16z("site")[:-2]
    data = struct.pack("<H", len(path)) + path + struct.pack("<H", len(site)) + site
    seeds.add("dfs_referral_fuzzer", "synthetic", "request-ex",
              b"\x03" + struct.pack("<HHI", 4, 1, len(data)) + data)
    # MS-SMB2 2.2.2.1/2.2.2.2.2: an ERROR response with a share redirect
    # context (3.1.1), and a STATUS_BUFFER_TOO_SMALL one.
    ip = struct.pack("<II", 1, 0) + bytes([192, 0, 2, 7]) + b"\0" * 12
    resource = "share".encode("utf-16-le")
    redirect = struct.pack("<IIIIHHI", 0x30, 3, 28 + len(ip), len(resource),
                           0, 0, 1) + ip + resource
    context = struct.pack("<II", len(redirect), 0x72645253) + redirect
    header = bytearray(b"\xfeSMB" + struct.pack("<H", 64) + b"\0" * 58)
    struct.pack_into("<IHHI", header, 8, 0xC00000CC, 3, 1, 1)  # BAD_NETWORK_NAME
    body = struct.pack("<HBBI", 9, 1, 0, len(context)) + context
    seeds.add("error_context_fuzzer", "synthetic", "share-redirect",
              b"\x00" + bytes(header) + body)
    seeds.add("error_context_fuzzer", "synthetic", "context", b"\x01" + context)
    seeds.add("error_context_fuzzer", "synthetic", "contexts",
              b"\x02" + context + b"\0" * (-len(context) % 8) +
              struct.pack("<II", 4, 0) + struct.pack("<I", 1024))
    seeds.add("error_context_fuzzer", "synthetic", "context_data",
              b"\x03" + struct.pack("<I", 0x72645253) + redirect)
    struct.pack_into("<I", header, 8, 0xC0000023)  # BUFFER_TOO_SMALL
    seeds.add("error_context_fuzzer", "synthetic", "buffer-too-small",
              b"\x00" + bytes(header) + struct.pack("<HBBII", 9, 0, 0, 4, 512))
    # MS-SMB2 2.2.2.2.1: Symbolic Link Error Response.
    substitute = "\\??\\C:\\target".encode("utf-16-le")
    printed = "C:\\target".encode("utf-16-le")
    names = substitute + printed
    link = struct.pack("<IIHHHHHHI", 0x4C4D5953, 0xA000000C, 12 + len(names),
                       0, 0, len(substitute), len(substitute), len(printed),
                       1) + names
    link = struct.pack("<I", len(link)) + link
    seeds.add("error_context_fuzzer", "synthetic", "symlink",
              b"\x04" + link)
    # MS-SMB2 2.2.42.2: a chained COMPRESSION_TRANSFORM_HEADER with a NONE
    # payload and a Pattern_V1 payload, and the payloads alone.
    message = b"\xfeSMB" + b"\0" * 60
    none = struct.pack("<HHI", 0, 1, len(message)) + message
    pattern = struct.pack("<HHI", 4, 0, 8) + struct.pack("<BBHI", 0, 0, 0, 64)
    seeds.add("transform_header_fuzzer", "synthetic", "chained",
              b"\x02" + b"\xfcSMB" + struct.pack("<IHHI", 128, 0, 1, 0) +
              none + pattern)
    seeds.add("transform_header_fuzzer", "synthetic", "payload-header",
              b"\x03" + none)
    seeds.add("transform_header_fuzzer", "synthetic", "payload-pattern",
              b"\x04" + struct.pack("<H", 4) + struct.pack("<BBHI", 0, 0, 0, 64))
    seeds.add("transform_header_fuzzer", "synthetic", "unchained",
              b"\x01" + b"\xfcSMB" + struct.pack("<IHHI", 64, 3, 0, 0) + message)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("captures", nargs="*")
    parser.add_argument("--out", default=os.path.join(
        os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "fuzz"))
    parser.add_argument("--per-kind", type=int, default=2)
    args = parser.parse_args()
    captures = args.captures
    if not captures:
        root = os.path.join(os.path.dirname(args.out), "testdata", "pcaps")
        captures = sorted(os.path.join(d, f) for d, _, files in os.walk(root)
                          for f in files if f.endswith((".pcap", ".pcapng")))
    seeds = Seeds(args.per_kind)
    for path in captures:
        add_capture(seeds, path)
    add_synthetic(seeds)
    for fuzzer, files in sorted(seeds.files.items()):
        directory = os.path.join(args.out, fuzzer + "_corpus")
        os.makedirs(directory, exist_ok=True)
        written = 0
        for name, data in sorted(files.items()):
            target = os.path.join(directory, name)
            if fuzzer == "smb2_message_fuzzer" and any(
                    f.startswith(name.split("-")[0] + "-" + name.split("-", 2)[2])
                    for f in os.listdir(directory)):
                continue  # the existing hand-picked seed of that kind stays
            with open(target, "wb") as f:
                f.write(data)
            written += 1
        print("%-28s %4d seeds" % (fuzzer, written))
    return 0


if __name__ == "__main__":
    sys.exit(main())
