"""Runs //codegen over //spec: messages.h plus one .cc per spec file."""

load("//spec:specs.bzl", "SPEC_FILES")

def generated_sources():
    """The .cc files the generator writes for SPEC_FILES."""
    return ["generated/dispatch.cc"] + [
        "generated/" + f.replace("/", "_").replace(".yaml", ".cc")
        for f in SPEC_FILES
    ]

def smb_generated_messages(name):
    specs = ["//spec:" + f for f in SPEC_FILES]
    native.genrule(
        name = name,
        srcs = specs,
        outs = ["generated/messages.h"] + generated_sources(),
        tools = [
            "//codegen:generator_files",
            "//codegen:smbgen_main.py",
        ],
        cmd = ("/usr/bin/python3 $(location //codegen:smbgen_main.py) " +
               "--out_dir $(@D)/generated " +
               " ".join(["$(location %s)" % s for s in specs])),
        message = "Generating SMB2 messages from //spec",
    )
