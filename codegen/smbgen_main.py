"""Command line: generate C++ from spec files.

    smbgen_main.py --out_dir DIR spec/a.yaml spec/b.yaml ...

Writes DIR/messages.h and DIR/<spec path>.cc. A spec mistake prints
`file:line: Struct.field: what is wrong` and exits 1.
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from smbgen import generate, loader, model  # noqa: E402
from smbgen.errors import SpecError  # noqa: E402


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out_dir", required=True)
    parser.add_argument("specs", nargs="+")
    args = parser.parse_args(argv)
    try:
        loaded = [(path, loader.load_file(path)) for path in args.specs]
        checked = model.build_model(loaded)
        generate.render(checked, args.specs, args.out_dir)
    except SpecError as e:
        print("smbgen: %s" % e, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
