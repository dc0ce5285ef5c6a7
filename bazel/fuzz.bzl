"""cc_fuzz_target: a libFuzzer target plus a regression test of its corpus.

    cc_fuzz_target(
        name = "wire_reader_fuzzer",
        srcs = ["wire_reader_fuzzer.cc"],   # defines LLVMFuzzerTestOneInput
        deps = ["//smb/proto:wire"],
        corpus = glob(["wire_reader_fuzzer_corpus/*"]),
        crashes = glob(["wire_reader_fuzzer_crashes/*"]),
    )

makes
  :wire_reader_fuzzer             the fuzzer. Under --config=fuzz it links
                                  libFuzzer: `bazel run --config=fuzz
                                  //fuzz:wire_reader_fuzzer -- DIR` fuzzes.
                                  Elsewhere it replays files named on its
                                  command line.
  :wire_reader_fuzzer_regression  a cc_test, in every config, that runs every
                                  corpus and crash input once (under ASan and
                                  UBSan with --config=fuzz).
"""

def cc_fuzz_target(name, srcs, deps = [], corpus = [], crashes = [], **kwargs):
    inputs = corpus + crashes
    if not inputs:
        fail("cc_fuzz_target %s: give it a seed corpus" % name)
    native.cc_binary(
        name = name,
        srcs = srcs,
        deps = deps + select({
            "//bazel:fuzzing": [],
            "//conditions:default": ["//fuzz:replay_main"],
        }),
        linkopts = select({
            "//bazel:fuzzing": ["-fsanitize=fuzzer"],
            "//conditions:default": [],
        }),
        testonly = True,
        **kwargs
    )
    native.cc_test(
        name = name + "_regression",
        size = "small",
        srcs = srcs,
        deps = deps + ["//fuzz:replay_main"],
        data = inputs,
        args = ["$(rootpath %s)" % f for f in inputs],
        **kwargs
    )
