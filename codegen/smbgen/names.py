"""Spec names -> C++ names."""

import re


def enumerator(name):
    """SMB2_NEGOTIATE_SIGNING_ENABLED -> kSmb2NegotiateSigningEnabled;
    SMB2_0_2 -> kSmb2_0_2 (digit groups stay apart)."""
    parts = [p for p in name.split("_") if p]
    out = "k"
    for i, part in enumerate(parts):
        if i and part[0].isdigit() and parts[i - 1][-1].isdigit():
            out += "_"
        out += part[0].upper() + part[1:].lower()
    return out


def upper_snake(name):
    """NegotiateRequest -> NEGOTIATE_REQUEST."""
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).upper()
