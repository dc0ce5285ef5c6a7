#!/usr/bin/python3
"""Prints each SMB2 message of a capture as one line of hex, for test vectors.

    tools/smb2_messages_from_pcap.py CAPTURE [--port 4455] [--filter 'smb2.cmd==5']

Uses tshark to reassemble TCP; splits the NetBIOS session service frames and
SMB2 compound chains (NextCommand) itself. Output lines:
    <frame> <C->S|S->C> <command> <request|response> <status> <hex>
A development tool for making testdata/ and golden tests, not used by them.
"""

import argparse
import subprocess
import sys

COMMANDS = ["NEGOTIATE", "SESSION_SETUP", "LOGOFF", "TREE_CONNECT", "TREE_DISCONNECT",
            "CREATE", "CLOSE", "FLUSH", "READ", "WRITE", "LOCK", "IOCTL", "CANCEL",
            "ECHO", "QUERY_DIRECTORY", "CHANGE_NOTIFY", "QUERY_INFO", "SET_INFO",
            "OPLOCK_BREAK"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("capture")
    parser.add_argument("--port", type=int, default=445)
    parser.add_argument("--filter", default="")
    args = parser.parse_args()
    display = "smb2" + (" && (%s)" % args.filter if args.filter else "")
    out = subprocess.run(
        ["tshark", "-r", args.capture, "-d", "tcp.port==%d,nbss" % args.port,
         "-o", "tcp.desegment_tcp_streams:TRUE", "-Y", display, "-T", "fields",
         "-e", "frame.number", "-e", "tcp.dstport", "-e", "tcp.payload"],
        capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        parts = line.split("\t")
        if len(parts) < 3 or not parts[2]:
            continue
        frame, dstport, payload = parts[0], int(parts[1]), bytes.fromhex(parts[2].replace(":", ""))
        direction = "C->S" if dstport == args.port else "S->C"
        pos = 0
        while pos + 4 <= len(payload):
            length = int.from_bytes(payload[pos + 1:pos + 4], "big")
            pdu = payload[pos + 4:pos + 4 + length]
            pos += 4 + length
            if pdu[:4] != b"\xfeSMB":
                continue
            start = 0
            while True:
                header = pdu[start:start + 64]
                if len(header) < 64:
                    break
                next_command = int.from_bytes(header[20:24], "little")
                end = start + next_command if next_command else len(pdu)
                message = pdu[start:end]
                command = int.from_bytes(header[12:14], "little")
                flags = int.from_bytes(header[16:20], "little")
                status = int.from_bytes(header[8:12], "little")
                name = COMMANDS[command] if command < len(COMMANDS) else "0x%x" % command
                kind = "response" if flags & 1 else "request"
                print(frame, direction, name, kind, "0x%08x" % status, message.hex())
                if not next_command:
                    break
                start = end


if __name__ == "__main__":
    sys.exit(main())
