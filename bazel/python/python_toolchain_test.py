"""The registered Python toolchain is Debian's python3 with what codegen needs."""

import os
import sys
import unittest


class PythonToolchainTest(unittest.TestCase):

    def test_interpreter_is_debian_python3(self):
        self.assertEqual(os.path.realpath(sys.executable),
                         os.path.realpath("/usr/bin/python3"))
        self.assertGreaterEqual(sys.version_info[:2], (3, 9))

    def test_jinja2_renders(self):
        import jinja2  # python3-jinja2
        template = jinja2.Template("uint{{ bits }}_t {{ name }};")
        self.assertEqual(template.render(bits=16, name="structure_size"),
                         "uint16_t structure_size;")

    def test_yaml_parses(self):
        import yaml  # python3-yaml
        self.assertEqual(yaml.safe_load("size: 64\nsection: '2.2.1'\n"),
                         {"size": 64, "section": "2.2.1"})


if __name__ == "__main__":
    unittest.main()
