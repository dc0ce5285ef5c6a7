"""Renders the model into messages.h and one .cc per spec file."""

import os

import jinja2

from smbgen import names
from smbgen.emit import Emitter, tag_bytes
from smbgen.model import PRIMITIVES

TEMPLATES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                         "templates")


def _environment():
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), trim_blocks=True,
        lstrip_blocks=True, keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined)


def _enum_data(e):
    width = e.size * 2
    return {
        "name": e.name, "source": e.source, "section": e.section, "doc": e.doc,
        "is_flags": e.is_flags, "descriptions": e.descriptions,
        "cpp_base": PRIMITIVES[e.base][1],
        "entries": [{"name": v.name, "cpp_name": names.enumerator(v.name),
                    "hex": "0x%0*X" % (width, v.value), "doc": v.doc}
                   for v in e.values],
    }


def _struct_data(emitter, model, s):
    return {
        "kind": "struct", "name": s.name, "source": s.source, "section": s.section,
        "doc": s.doc, "structure_size": s.structure_size, "offsets": s.offsets,
        "command": s.command, "command_cpp": names.enumerator(s.command) if s.command else "",
        "direction": s.direction, "members": emitter.members(s),
        "visit": emitter.visit_lines(s), "has_next": s.next_field is not None,
        "allow_trailing": s.allow_trailing,
        "decode": emitter.decode_struct(s), "encode": emitter.encode_struct(s),
        "pooled": s.name in model.pooled,
        # Only a structure that holds pooled strings, not one that passes the
        # pool on because it is a case of a union that does.
        "pool_owner": (emitter.pool_owner(model.pooled[s.name])
                       if s.name in model.pooled and
                       any(f.pool or f.type in model.pooled for f in s.all_fields())
                       else ""),
        "prefix_strict": emitter.prefix_strict(s),
        "payload": s.payload,
        "payload_prefix": emitter.fixed_prefix(s) + 64 if s.payload else 0,
        "locate_payload": emitter.locate_payload(s) if s.payload else [],
    }


def _union_data(emitter, model, u):
    cases = []
    for case in u.cases:
        if u.switch == "tag":
            tb = tag_bytes(case.key)
            listed = ", ".join("0x%02x" % b for b in tb)
            cases.append({"types": case.types, "test": "TagIs(key, {%s})" % listed,
                          "raw_test": "TagIs(value.tag, {%s})" % listed,
                          "tag_bytes": ["0x%02x" % b for b in tb]})
        else:
            cpp_key = names.enumerator(case.key)
            cases.append({"types": case.types, "cpp_key": cpp_key,
                          "test": "key == %s::%s" % (u.switch, cpp_key),
                          "raw_test": "value.type == %s::%s" % (u.switch, cpp_key)})
    return {
        "kind": "union", "name": u.name, "source": u.source, "section": u.section,
        "doc": u.doc, "switch": u.switch,
        "key_type": "absl::Span<const uint8_t>" if u.switch == "tag" else u.switch,
        "alternatives": emitter.union_types(u), "cases": cases,
        "pooled": u.name in model.pooled,
        "pool_owner": (emitter.pool_owner(model.pooled[u.name])
                       if u.name in model.pooled else ""),
    }


def render(model, spec_files, out_dir):
    """Writes messages.h and <spec stem>.cc for each spec file into out_dir."""
    emitter = Emitter(model)
    env = _environment()
    types = []
    for name in emitter.declaration_order():
        if name in model.structs:
            types.append(_struct_data(emitter, model, model.structs[name]))
        else:
            types.append(_union_data(emitter, model, model.unions[name]))
    enums = [_enum_data(model.enums[n]) for k, n in model.order if k == "enum"]
    bodies = [t["name"] for t in types if t["kind"] == "struct" and t["command"]]
    error = _dispatch_data(model)["error_response"]
    if error:
        bodies.append(error)
    header = env.get_template("messages.h.jinja2").render(
        spec_files=spec_files, enums=enums, types=types, bodies=bodies)
    with open(os.path.join(out_dir, "messages.h"), "w") as f:
        f.write(header)
    with open(os.path.join(out_dir, "dispatch.cc"), "w") as f:
        f.write(env.get_template("dispatch.cc.jinja2").render(**_dispatch_data(model)))
    source = env.get_template("messages.cc.jinja2")
    for spec_file in spec_files:
        mine = [t for t in types
                if (model.structs.get(t["name"]) or model.unions.get(t["name"])).spec_file
                == spec_file]
        my_enums = [e for e in enums if model.enums[e["name"]].spec_file == spec_file]
        with open(os.path.join(out_dir, output_name(spec_file)), "w") as f:
            f.write(source.render(spec_file=spec_file, enums=my_enums, types=mine))


def _dispatch_data(model):
    commands = []
    command_enum = model.enums.get("Command")
    for value in (command_enum.values if command_enum else []):
        entry = {"name": value.name, "cpp": names.enumerator(value.name),
                 "request": [], "response": [], "response_statuses": []}
        for s in model.structs.values():
            if s.command == value.name:
                entry[s.direction].append({"name": s.name,
                                           "structure_size": s.structure_size})
                # Only a 9-byte body can be confused with the ERROR body.
                if s.direction == "response" and s.structure_size == 9:
                    entry["response_statuses"] += [names.enumerator(x)
                                                   for x in s.success_statuses]
        if entry["request"] or entry["response"]:
            commands.append(entry)
    error = [s.name for s in model.structs.values()
             if s.offsets == "message" and not s.command and s.structure_size == 9
             and s.name == "ErrorResponse"]
    return {"commands": commands, "error_response": error[0] if error else ""}


def output_name(spec_file):
    """spec/smb2/negotiate.yaml -> smb2_negotiate.cc"""
    parts = os.path.normpath(spec_file).split(os.sep)
    if "spec" in parts:
        parts = parts[len(parts) - parts[::-1].index("spec"):]
    stem = "_".join(parts)
    return os.path.splitext(stem)[0] + ".cc"
