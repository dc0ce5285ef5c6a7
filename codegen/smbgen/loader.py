"""Loads spec YAML files, remembering the line each mapping started on."""

import yaml

from smbgen.errors import SpecError


class Node(dict):
    """A YAML mapping that knows where it came from."""
    file = None
    line = None


class _LineLoader(yaml.SafeLoader):
    pass


def _construct_mapping(loader, node):
    loader.flatten_mapping(node)
    result = Node()
    result.file = loader.name
    result.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in result:
            raise SpecError("duplicate key %r" % (key,), loader.name,
                            key_node.start_mark.line + 1)
        result[key] = loader.construct_object(value_node, deep=True)
    return result


_LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_file(path):
    """Returns the file's top-level mapping (a Node)."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    return load_text(text, path)


def load_text(text, name="<spec>"):
    loader = _LineLoader(text)
    loader.name = name
    try:
        data = loader.get_single_data()
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        raise SpecError("YAML: %s" % getattr(e, "problem", e), name,
                        mark.line + 1 if mark else None)
    finally:
        loader.dispose()
    if data is None:
        data = Node()
        data.file = name
        data.line = 1
    if not isinstance(data, dict):
        raise SpecError("a spec file is a mapping", name, 1)
    return data
