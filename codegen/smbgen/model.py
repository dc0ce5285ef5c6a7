"""The checked model (IR) of a spec: enums, flag sets, structures, unions.

build_model() turns loaded YAML into this model and validates it; every
error names the file, line, structure and field.
"""

import re
from dataclasses import dataclass, field as dc_field
from typing import List, Optional

from smbgen.conditions import check_condition, condition_fields
from smbgen.errors import SpecError

PRIMITIVES = {  # name: (size, C++ type, signed)
    "u8": (1, "uint8_t", False), "u16": (2, "uint16_t", False),
    "u32": (4, "uint32_t", False), "u64": (8, "uint64_t", False),
    "i8": (1, "int8_t", True), "i16": (2, "int16_t", True),
    "i32": (4, "int32_t", True), "i64": (8, "int64_t", True),
    # Big-endian on the wire (MS-FSCC 2.1.11 STORAGE_OFFLOAD_TOKEN).
    "u16be": (2, "uint16_t", False), "u32be": (4, "uint32_t", False),
    "u64be": (8, "uint64_t", False),
}
BIG_ENDIAN = {"u16be", "u32be", "u64be"}
SPECIALS = {"guid": (16, "Guid"), "filetime": (8, "FileTime")}
VARIABLE = {"bytes", "utf16", "utf16z"}
ROLE_KEYS = ("offset_of", "length_of", "count_of", "switch_of", "size_of",
             "size_from")
FIELD_KEYS = {
    "name", "type", "doc", "at", "const", "reserved", "next", "offset",
    "length", "count", "chain", "list", "align", "element_align", "if",
    "max_count", "default", "switch", "empty_offset", "size", "from", "pool",
} | set(ROLE_KEYS)
STRUCT_KEYS = {"section", "doc", "structure_size", "offsets", "command",
               "direction", "fields", "allow_trailing", "source",
               "success_statuses", "empty_buffer_byte", "payload"}
NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")
TYPE_NAME_RE = re.compile(r"^[A-Z][A-Za-z0-9]*$")
FIXED_ARRAY_RE = re.compile(r"^bytes\[(\d+)\]$")
DEFAULT_MAX_COUNT = 1 << 16


@dataclass
class Loc:
    file: str
    line: int


@dataclass
class EnumValue:
    name: str
    value: int
    doc: str = ""


@dataclass
class EnumDef:
    name: str
    base: str
    values: List[EnumValue]
    is_flags: bool
    loc: Loc
    section: str = ""
    doc: str = ""
    source: str = "MS-SMB2"
    descriptions: bool = False
    spec_file: str = ""

    @property
    def size(self):
        return PRIMITIVES[self.base][0]


@dataclass
class Field:
    loc: Loc
    kind: str  # scalar | fixed_bytes | struct | var | pad | variant
    name: str = ""
    type: str = ""
    doc: str = ""
    at: Optional[int] = None
    const: object = None
    reserved: bool = False
    role: Optional[str] = None  # offset_of | length_of | count_of | switch_of | size_of | size_from | next
    role_target: str = ""
    # var fields
    offset: str = ""
    length: str = ""  # field name or "rest"
    count: str = ""
    chain: str = ""
    is_list: bool = False
    align: int = 1
    element_align: int = 1
    condition: str = ""
    switch: str = ""  # union field: the stored field that selects the case
    empty_offset: str = "position"  # or "zero": offset written for no bytes
    max_count: int = DEFAULT_MAX_COUNT
    fixed_size: int = 0  # for fixed-size kinds
    array_size: int = 0  # bytes[N]
    slot_size: int = 0  # a union in a fixed slot of this many bytes ('size')
    area_from: str = ""  # located: the offset counts from this area
    pool: str = ""  # located utf16z: a string of this pool; a pool: its name
    entries: str = ""  # a pool: the list whose elements the offsets count from
    # variant
    when: str = ""
    then_fields: List["Field"] = dc_field(default_factory=list)
    else_fields: List["Field"] = dc_field(default_factory=list)
    deferred: bool = False  # variant decoded after later fields it needs
    optional: bool = False  # variant without 'else': its fields may be absent
    default: object = None


@dataclass
class StructDef:
    name: str
    fields: List[Field]
    loc: Loc
    section: str = ""
    doc: str = ""
    source: str = "MS-SMB2"
    structure_size: Optional[int] = None
    offsets: str = "self"  # "self" or "message"
    command: str = ""
    direction: str = ""
    allow_trailing: bool = False
    # Non-success NTSTATUS values with which a response still carries this
    # body, not an ERROR response (Samba's expected[] table).
    success_statuses: List[str] = dc_field(default_factory=list)
    # With an odd StructureSize and nothing in the buffer, is the one byte
    # StructureSize counts sent? Clients send it; servers leave it out.
    empty_buffer_byte: Optional[bool] = None
    # A located bytes field that a receiver may read straight into its own
    # buffer: LocatePayload() finds it from the message's fixed part.
    payload: str = ""
    spec_file: str = ""
    fixed_size: Optional[int] = None  # when every field is fixed

    def all_fields(self):
        """Every named field, variant branches included, in wire order."""
        out = []
        for f in self.fields:
            if f.kind == "variant":
                out.extend(f.then_fields)
                out.extend(f.else_fields)
            elif f.kind not in ("pad", "area", "pool"):
                out.append(f)
        return out

    @property
    def pool(self):
        """The pool this structure declares and owns, if any."""
        return next((f for f in self.fields if f.kind == "pool"), None)

    def area(self, name):
        for f in self.fields:
            if f.kind == "area" and f.name == name:
                return f
        return None

    def field(self, name):
        for f in self.all_fields():
            if f.name == name:
                return f
        return None

    @property
    def size_field(self):
        for f in self.all_fields():
            if f.role == "size_of":
                return f
        return None

    @property
    def next_field(self):
        for f in self.all_fields():
            if f.role == "next":
                return f
        return None


@dataclass
class UnionCase:
    key: object  # enum value name, or a tag string
    types: List[str]  # tried in order; the first that decodes exactly wins


@dataclass
class UnionDef:
    name: str
    switch: str  # enum name, or "tag"
    cases: List[UnionCase]
    loc: Loc
    section: str = ""
    doc: str = ""
    source: str = "MS-SMB2"
    spec_file: str = ""


@dataclass
class Model:
    enums: dict = dc_field(default_factory=dict)
    structs: dict = dc_field(default_factory=dict)
    unions: dict = dc_field(default_factory=dict)
    order: list = dc_field(default_factory=list)  # (kind, name) in file order
    # Structures and unions that take a pool from their owner: name -> pool.
    pooled: dict = dc_field(default_factory=dict)
    files: list = dc_field(default_factory=list)

    def type_kind(self, name):
        if name in PRIMITIVES:
            return "primitive"
        if name in SPECIALS:
            return "special"
        if name in self.enums:
            return "flags" if self.enums[name].is_flags else "enum"
        if name in self.structs:
            return "struct"
        if name in self.unions:
            return "union"
        if name in VARIABLE:
            return name
        if FIXED_ARRAY_RE.match(name or ""):
            return "fixed_bytes"
        return None

    def scalar_size(self, name):
        kind = self.type_kind(name)
        if kind == "primitive":
            return PRIMITIVES[name][0]
        if kind == "special":
            return SPECIALS[name][0]
        if kind in ("enum", "flags"):
            return self.enums[name].size
        return None


def _loc(node):
    return Loc(getattr(node, "file", None) or "<spec>",
               getattr(node, "line", None) or 0)


def _int(value, what, node, struct=None, field=None):
    if isinstance(value, bool) or not isinstance(value, int):
        raise SpecError("%s must be an integer, not %r" % (what, value),
                        *_where(node), struct, field)
    return value


def _section(node, name):
    """Section numbers are strings: YAML reads 2.10 as the float 2.1."""
    section = node.get("section", "")
    if not isinstance(section, str):
        raise SpecError("%s: quote the section number (%r is not a string)"
                        % (name, section), *_where(node))
    return section


def _where(node):
    loc = _loc(node)
    return loc.file, loc.line


def _power_of_two(value, what, node, struct, field):
    _int(value, what, node, struct, field)
    if value < 1 or value & (value - 1):
        raise SpecError("%s must be a power of two, not %d" % (what, value),
                        *_where(node), struct, field)
    return value


# ---------------------------------------------------------------- parsing

def _parse_enum(name, node, is_flags, file_doc, source):
    if not TYPE_NAME_RE.match(name):
        raise SpecError("type names are CamelCase: %r" % name, *_where(node))
    if not isinstance(node, dict):
        raise SpecError("%s: expected a mapping" % name, *_where(node))
    base = node.get("type")
    if base not in PRIMITIVES or PRIMITIVES[base][2] or base in BIG_ENDIAN:
        raise SpecError("%s: type must be u8, u16, u32 or u64, not %r"
                        % (name, base), *_where(node))
    key = "bits" if is_flags else "values"
    entries = node.get(key)
    if not isinstance(entries, dict) or not entries:
        raise SpecError("%s: needs a non-empty '%s' mapping" % (name, key),
                        *_where(node))
    values = []
    seen = {}
    limit = 1 << (8 * PRIMITIVES[base][0])
    for value_name, spec in entries.items():
        doc = ""
        if isinstance(spec, dict):
            doc = spec.get("doc", "")
            spec = spec.get("value")
        value = _int(spec, "value of %s" % value_name, node, name)
        if not re.match(r"^[A-Z][A-Z0-9_]*$", str(value_name)):
            raise SpecError("value names are UPPER_SNAKE: %r" % value_name,
                            *_where(node), name)
        if not 0 <= value < limit:
            raise SpecError("%s = %#x does not fit in %s" % (value_name, value, base),
                            *_where(node), name)
        if not is_flags and value in seen:
            raise SpecError("%s and %s have the same value %#x"
                            % (seen[value], value_name, value), *_where(node), name)
        seen[value] = value_name
        values.append(EnumValue(value_name, value, doc))
    return EnumDef(name=name, base=base, values=values, is_flags=is_flags,
                   loc=_loc(node), section=_section(node, name),
                   doc=node.get("doc", ""), source=node.get("source", source),
                   descriptions=bool(node.get("descriptions", False)))


def _parse_field(node, struct):
    if not isinstance(node, dict):
        raise SpecError("a field is a mapping, not %r" % (node,), None, None, struct)
    loc = _loc(node)
    if "pad" in node:
        extra = set(node) - {"pad", "doc"}
        if extra:
            raise SpecError("unexpected keys with pad: %s" % sorted(extra),
                            loc.file, loc.line, struct)
        return Field(loc=loc, kind="pad",
                     align=_power_of_two(node["pad"], "pad", node, struct, None))
    if "area" in node:
        extra = set(node) - {"area", "at", "doc"}
        if extra:
            raise SpecError("unexpected keys with area: %s" % sorted(extra),
                            loc.file, loc.line, struct)
        name = node["area"]
        if not isinstance(name, str) or not NAME_RE.match(name):
            raise SpecError("area names are lower_snake: %r" % (name,), loc.file,
                            loc.line, struct)
        f = Field(loc=loc, kind="area", name=name, doc=node.get("doc", ""))
        if "at" in node:
            f.at = _int(node["at"], "at", node, struct, name)
        return f
    if "pool" in node and "name" not in node:
        extra = set(node) - {"pool", "entries", "doc"}
        if extra:
            raise SpecError("unexpected keys with pool: %s" % sorted(extra),
                            loc.file, loc.line, struct)
        name = node["pool"]
        if not isinstance(name, str) or not NAME_RE.match(name):
            raise SpecError("pool names are lower_snake: %r" % (name,), loc.file,
                            loc.line, struct)
        if not node.get("entries"):
            raise SpecError("a pool names the list whose entries locate its "
                            "strings: 'entries: FIELD'", loc.file, loc.line, struct)
        return Field(loc=loc, kind="pool", name=name, entries=node["entries"],
                     doc=node.get("doc", ""))
    if "variant" in node:
        extra = set(node) - {"variant", "when", "then", "else"}
        if extra:
            raise SpecError("unexpected keys in variant: %s" % sorted(extra),
                            loc.file, loc.line, struct)
        if "when" not in node or "then" not in node:
            raise SpecError("a variant needs 'when' and 'then'", loc.file,
                            loc.line, struct)
        return Field(loc=loc, kind="variant", doc=str(node["variant"]),
                     when=str(node["when"]),
                     then_fields=[_parse_field(f, struct) for f in node["then"] or []],
                     else_fields=[_parse_field(f, struct) for f in node.get("else") or []])
    name = node.get("name")
    if not isinstance(name, str) or not NAME_RE.match(name):
        raise SpecError("field names are lower_snake: %r" % (name,), loc.file,
                        loc.line, struct)
    unknown = set(node) - FIELD_KEYS
    if unknown:
        raise SpecError("unknown keys %s" % sorted(unknown), loc.file, loc.line,
                        struct, name)
    f = Field(loc=loc, kind="", name=name, type=node.get("type", ""),
              doc=node.get("doc", ""), const=node.get("const"),
              reserved=bool(node.get("reserved", False)),
              default=node.get("default"))
    if not f.type:
        raise SpecError("a field needs a type", loc.file, loc.line, struct, name)
    if "at" in node:
        f.at = _int(node["at"], "at", node, struct, name)
    roles = [k for k in ROLE_KEYS if k in node]
    if node.get("next"):
        roles.append("next")
    if len(roles) > 1:
        raise SpecError("a field has at most one role, not %s" % roles,
                        loc.file, loc.line, struct, name)
    if roles:
        f.role = roles[0]
        f.role_target = node.get(f.role, "") if f.role != "next" else ""
    f.offset = node.get("offset", "")
    length = node.get("length", "")
    f.length = str(length) if length != "" else ""
    f.count = node.get("count", "")
    f.chain = node.get("chain", "")
    f.is_list = bool(node.get("list", False) or f.count or f.chain)
    if "align" in node:
        f.align = _power_of_two(node["align"], "align", node, struct, name)
    if "element_align" in node:
        f.element_align = _power_of_two(node["element_align"], "element_align",
                                        node, struct, name)
    f.condition = str(node.get("if", ""))
    f.switch = node.get("switch", "")
    f.empty_offset = node.get("empty_offset", "position")
    if f.empty_offset not in ("position", "zero"):
        raise SpecError("empty_offset is 'position' or 'zero'", loc.file, loc.line,
                        struct, name)
    if "max_count" in node:
        f.max_count = _int(node["max_count"], "max_count", node, struct, name)
    if "size" in node:
        f.slot_size = _int(node["size"], "size", node, struct, name)
        if f.slot_size < 1:
            raise SpecError("size must be positive", loc.file, loc.line, struct, name)
    f.area_from = node.get("from", "")
    f.pool = node.get("pool", "")
    return f


def _parse_struct(name, node, source):
    if not TYPE_NAME_RE.match(name):
        raise SpecError("type names are CamelCase: %r" % name, *_where(node))
    if not isinstance(node, dict):
        raise SpecError("expected a mapping", *_where(node), name)
    unknown = set(node) - STRUCT_KEYS
    if unknown:
        raise SpecError("unknown keys %s" % sorted(unknown), *_where(node), name)
    fields = node.get("fields")
    if not isinstance(fields, list):
        raise SpecError("needs a 'fields' list ([] for an empty structure)",
                        *_where(node), name)
    s = StructDef(name=name, fields=[_parse_field(f, name) for f in fields],
                  loc=_loc(node), section=_section(node, name),
                  doc=node.get("doc", ""), source=node.get("source", source),
                  offsets=node.get("offsets", "self"),
                  command=node.get("command", ""),
                  direction=node.get("direction", ""),
                  allow_trailing=bool(node.get("allow_trailing", False)),
                  success_statuses=list(node.get("success_statuses") or []),
                  payload=node.get("payload", ""))
    if "empty_buffer_byte" in node:
        s.empty_buffer_byte = bool(node["empty_buffer_byte"])
    if "structure_size" in node:
        s.structure_size = _int(node["structure_size"], "structure_size", node, name)
    if s.offsets not in ("self", "message"):
        raise SpecError("offsets is 'self' or 'message', not %r" % s.offsets,
                        *_where(node), name)
    if s.direction not in ("", "request", "response"):
        raise SpecError("direction is 'request' or 'response'", *_where(node), name)
    return s


def _parse_union(name, node, source):
    if not TYPE_NAME_RE.match(name):
        raise SpecError("type names are CamelCase: %r" % name, *_where(node))
    cases = node.get("cases")
    if not isinstance(cases, dict) or not cases:
        raise SpecError("needs a non-empty 'cases' mapping", *_where(node), name)
    return UnionDef(name=name, switch=node.get("switch", ""),
                    cases=[UnionCase(k, v if isinstance(v, list) else [v])
                           for k, v in cases.items()],
                    loc=_loc(node), section=_section(node, name),
                    doc=node.get("doc", ""), source=node.get("source", source))


TOP_KEYS = {"doc", "source", "enums", "flags", "structs", "unions"}


def add_file(model, data, spec_file):
    """Adds one loaded spec file's definitions to the model (not validated)."""
    unknown = set(data) - TOP_KEYS
    if unknown:
        raise SpecError("unknown top-level keys %s" % sorted(unknown),
                        data.file, data.line)
    source = data.get("source", "MS-SMB2")
    model.files.append(spec_file)

    def define(table, kind, name, value):
        if (name in model.enums or name in model.structs or name in model.unions
                or name in PRIMITIVES or name in SPECIALS):
            raise SpecError("%s is defined twice" % name, value.loc.file, value.loc.line)
        value.spec_file = spec_file
        table[name] = value
        model.order.append((kind, name))

    for name, node in (data.get("enums") or {}).items():
        define(model.enums, "enum", name, _parse_enum(name, node, False, "", source))
    for name, node in (data.get("flags") or {}).items():
        define(model.enums, "enum", name, _parse_enum(name, node, True, "", source))
    for name, node in (data.get("unions") or {}).items():
        define(model.unions, "union", name, _parse_union(name, node, source))
    for name, node in (data.get("structs") or {}).items():
        define(model.structs, "struct", name, _parse_struct(name, node, source))


# ------------------------------------------------------------- validation

def validate(model):
    """Checks the whole model; resolves field kinds and sizes."""
    for u in model.unions.values():
        _validate_union(model, u)
    # Struct sizes depend on nested structs: resolve in dependency order.
    resolving = set()

    def resolve(name):
        s = model.structs[name]
        if s.fixed_size is not None or getattr(s, "_resolved", False):
            return
        if name in resolving:
            raise SpecError("structure contains itself", s.loc.file, s.loc.line, name)
        resolving.add(name)
        for f in s.all_fields():
            if model.type_kind(f.type) == "struct" and f.type != name:
                resolve(f.type)
            if f.slot_size and f.type in model.unions:
                # A slot checks the sizes of its cases.
                for case in model.unions[f.type].cases:
                    for t in case.types:
                        if t in model.structs:
                            resolve(t)
        _validate_struct(model, s)
        s._resolved = True
        resolving.discard(name)

    for name in model.structs:
        resolve(name)
    _resolve_pools(model)
    for s in model.structs.values():
        if s.command:
            command = model.enums.get("Command")
            if command is None or s.command not in {v.name for v in command.values}:
                raise SpecError("command %r is not a value of Command" % s.command,
                                s.loc.file, s.loc.line, s.name)
            if s.direction not in ("request", "response") or s.offsets != "message":
                raise SpecError("a message body needs direction and 'offsets: message'",
                                s.loc.file, s.loc.line, s.name)
            if s.structure_size is None:
                raise SpecError("a message body needs structure_size",
                                s.loc.file, s.loc.line, s.name)
        if s.payload:
            payload = [f for f in s.fields if f.name == s.payload]
            if (not payload or payload[0].kind != "var" or not payload[0].offset
                    or not payload[0].length or payload[0].length == "rest"
                    or payload[0].type != "bytes" or s.offsets != "message"
                    or payload[0].condition):
                raise SpecError("payload: %r must be a located bytes field with an "
                                "offset and a length, in a message body" % s.payload,
                                s.loc.file, s.loc.line, s.name)
        statuses = model.enums.get("NtStatus")
        for status in s.success_statuses:
            if statuses is None or status not in {v.name for v in statuses.values}:
                raise SpecError("success_statuses: %r is not an NtStatus" % status,
                                s.loc.file, s.loc.line, s.name)
    bodies = {}
    for s in model.structs.values():
        if s.command:
            key = (s.command, s.direction, s.structure_size)
            if key in bodies:
                raise SpecError("%s and %s are both %s %s bodies of StructureSize %d"
                                % (bodies[key], s.name, s.command, s.direction,
                                   s.structure_size), s.loc.file, s.loc.line, s.name)
            bodies[key] = s.name


def _validate_union(model, u):
    def err(message):
        return SpecError(message, u.loc.file, u.loc.line, u.name)

    if u.switch != "tag":
        if u.switch not in model.enums or model.enums[u.switch].is_flags:
            raise err("switch must be an enum type or 'tag', not %r" % u.switch)
        names = {v.name for v in model.enums[u.switch].values}
    seen = set()
    for case in u.cases:
        if u.switch == "tag":
            if not isinstance(case.key, str) or not case.key:
                raise err("tag cases are non-empty strings")
        elif case.key not in names:
            raise err("%r is not a value of %s" % (case.key, u.switch))
        if case.key in seen:
            raise err("case %r appears twice" % case.key)
        seen.add(case.key)
        for t in case.types:
            if model.type_kind(t) != "struct":
                raise err("case %r: %r is not a structure" % (case.key, t))


def _field_size(model, f):
    """Wire size of a fixed-size field, or None when it varies."""
    if f.kind in ("scalar",):
        return model.scalar_size(f.type)
    if f.kind == "fixed_bytes":
        return f.array_size
    if f.kind == "struct":
        return model.structs[f.type].fixed_size
    if f.kind == "slot":
        return f.slot_size
    return None


def _classify(model, s, f):
    def err(message):
        return SpecError(message, f.loc.file, f.loc.line, s.name, f.name)

    kind = model.type_kind(f.type)
    if kind is None:
        raise err("unknown type %r" % f.type)
    layout = f.offset or f.length or f.count or f.chain or f.is_list
    if kind in ("primitive", "special", "enum", "flags") and not layout:
        f.kind = "scalar"
    elif kind == "fixed_bytes" and not layout:
        f.kind = "fixed_bytes"
        f.array_size = int(FIXED_ARRAY_RE.match(f.type).group(1))
    elif kind == "struct" and not layout:
        f.kind = "struct"
    elif kind == "union" and f.slot_size and not layout:
        f.kind = "slot"
    else:
        f.kind = "var"
        if kind == "fixed_bytes":
            raise err("bytes[N] has a fixed size: drop offset/length/count")
        if kind in ("bytes", "utf16", "union") and f.is_list:
            raise err("a list of %s is not supported; use a structure" % kind)
        if kind in ("primitive", "special", "enum", "flags") and not f.is_list:
            raise err("a single %s has a fixed size: drop offset/length" % f.type)
        if kind == "union" and not f.length:
            raise err("a union needs a byte length ('length')")
        if kind in ("bytes", "utf16") and not f.length:
            raise err("%s needs a 'length' (a field, or 'rest')" % kind)
        if kind == "utf16z" and not f.pool:
            raise err("utf16z, a NUL-terminated string, lives in a pool: add "
                      "'pool: NAME' and 'offset: FIELD'")
        if f.pool:
            if kind != "utf16z":
                raise err("a pool holds utf16z strings, not %s" % f.type)
            if not f.offset:
                raise err("a pooled string needs 'offset' (from its entry's start)")
            if (f.length or f.chain or f.area_from or f.align != 1 or
                    f.element_align != 1 or f.empty_offset != "position"):
                raise err("a pooled string runs to its NUL, a list's strings one "
                          "after another: drop length, chain, from, align, "
                          "element_align and empty_offset")
            if f.is_list and not f.count:
                raise err("a list of pooled strings needs 'count'")
        if f.is_list and not (f.count or f.chain or f.length):
            raise err("a list needs 'count', 'chain' or 'length'")
        if f.chain and f.count:
            raise err("a list has 'chain' or 'count', not both")
    if f.slot_size and f.kind != "slot":
        raise err("size: N gives a union a fixed slot; a %s has no slot "
                  "(drop offset/length/count)" % f.type)
    if f.area_from and not (f.kind == "var" and f.offset):
        raise err("from: names the area an offset counts from; only a located "
                  "field (with 'offset') has one")
    if f.kind != "var" and (f.align != 1 or f.element_align != 1 or f.condition):
        raise err("align, element_align and if apply to variable fields")
    if f.kind == "scalar":
        f.fixed_size = model.scalar_size(f.type)
    elif f.kind == "fixed_bytes":
        f.fixed_size = f.array_size
    elif f.kind == "struct":
        size = model.structs[f.type].fixed_size
        f.fixed_size = size if size is not None else 0
    elif f.kind == "slot":
        f.fixed_size = f.slot_size


def _validate_struct(model, s):
    names = set()

    def err(f, message):
        return SpecError(message, f.loc.file, f.loc.line, s.name,
                         f.name if f and f.kind != "variant" else None)

    for f in s.all_fields() + [g for g in s.fields if g.kind in ("area", "pool")]:
        if f.name in names:
            raise err(f, "field %r appears twice" % f.name)
        names.add(f.name)
        if f.kind not in ("area", "pool"):
            _classify(model, s, f)

    # Walk the wire order: offsets of sequential fields, fixed size.
    position = 0  # None once a variable-size field has passed
    sequential_var = False
    after_optional = None  # the optional variant the walk has passed
    area = None  # the area the walk has passed
    order = {}
    index = 0
    for f in s.fields:
        if f.kind == "pool":
            _validate_pool(model, s, f, err)
            position = None
            sequential_var = True
            continue
        if area is not None and not (f.kind == "var" and f.offset):
            raise err(f, "area %r runs to the end of the structure: only located "
                      "fields may follow it" % area.name)
        if f.kind == "area":
            if position is None:
                raise err(f, "an area starts at a fixed offset; this one follows "
                          "a variable-size field")
            if f.at is not None and f.at != position:
                raise err(f, "is at offset %d, but 'at' says %d" % (position, f.at))
            f.at = position
            area = f
            position = None
            sequential_var = True
            continue
        if after_optional is not None and f.kind != "variant" and f.at is not None:
            raise err(f, "follows the optional variant at line %d, so its offset "
                      "varies: drop 'at'" % after_optional.loc.line)
        if f.kind == "variant":
            f.optional = not f.else_fields
            sizes = []
            for branch in (f.then_fields, f.else_fields):
                size = 0
                for g in branch:
                    if g.kind == "var":
                        raise err(g, "variant branches hold fixed-size fields only")
                    if g.at is not None and after_optional is not None:
                        raise err(g, "follows the optional variant at line %d, so its "
                                  "offset varies: drop 'at'" % after_optional.loc.line)
                    if g.at is not None and position is not None and g.at != position + size:
                        raise err(g, "is at offset %d, but 'at' says %d"
                                  % (position + size, g.at))
                    size += _field_size(model, g)
                    order[g.name] = index
                    index += 1
                sizes.append(size)
            if f.else_fields and sizes[0] != sizes[1]:
                raise SpecError("variant branches differ in size (%d and %d bytes)"
                                % tuple(sizes), f.loc.file, f.loc.line, s.name)
            if f.optional:
                # Present only when `when` holds (a flag-conditioned layout):
                # what follows has no fixed offset.
                after_optional = f
                position = None
                sequential_var = True
            elif position is not None:
                position += sizes[0]
            continue
        if f.kind == "pad":
            if position is not None:
                position = (position + f.align - 1) // f.align * f.align
            continue
        order[f.name] = index
        index += 1
        if f.role == "size_of":
            if position is None:
                raise err(f, "size_of must sit at a fixed offset in the structure")
            f.at = position if f.at is None else f.at
        if f.at is not None and position is not None and f.at != position:
            raise err(f, "is at offset %d, but 'at' says %d (a field overlaps or "
                      "is missing)" % (position, f.at))
        if f.kind == "var":
            if not f.offset:
                sequential_var = True
                position = None
            continue
        if f.kind == "struct" and model.structs[f.type].fixed_size is None:
            position = None
            sequential_var = True
            continue
        if position is not None:
            position += f.fixed_size
    # Pooled strings lie outside the structure (in its owner).
    has_located = any(f.kind == "var" and f.offset and not f.pool
                      for f in s.all_fields())
    if position is not None and not has_located and not sequential_var:
        s.fixed_size = position
    fixed_part = position
    if s.structure_size is not None:
        if fixed_part is None:
            # StructureSize counts the fixed part only: sum the fields before
            # the first inline variable one.
            fixed_part = 0
            for f in s.fields:
                if (f.kind == "var" and not f.offset) or f.kind == "area":
                    break
                if f.kind == "variant" and f.optional:
                    break  # an optional layout is part of the Buffer
                if f.kind == "variant":
                    fixed_part += sum(_field_size(model, g) for g in f.then_fields)
                elif f.kind == "pad":
                    fixed_part = (fixed_part + f.align - 1) // f.align * f.align
                elif f.kind != "var":
                    fixed_part += f.fixed_size
        has_var = any(f.kind in ("var", "area") or (f.kind == "variant" and f.optional)
                      for f in s.fields)
        ok = fixed_part == s.structure_size or (
            has_var and s.structure_size % 2 == 1 and fixed_part == s.structure_size - 1)
        # LOCK's 48 counts its first LOCK_ELEMENT (MS-SMB2 2.2.26).
        first_var = next((f for f in s.fields if f.kind == "var" and not f.offset), None)
        if (not ok and first_var is not None and first_var.count and
                model.type_kind(first_var.type) == "struct" and
                model.structs[first_var.type].fixed_size is not None and
                fixed_part + model.structs[first_var.type].fixed_size == s.structure_size):
            ok = True
        if not ok:
            raise SpecError("fields add up to %d bytes, but StructureSize is %d"
                            % (fixed_part, s.structure_size), s.loc.file, s.loc.line,
                            s.name)
        first = s.fields[0]
        if first.name != "structure_size" or first.const != s.structure_size:
            raise err(first, "the first field must be structure_size with const %d"
                      % s.structure_size)

    for f in s.all_fields():
        _validate_field(model, s, f, order, err)
    for f in s.fields:
        if f.kind == "variant":
            check_condition(model, s, f.when, f, err)
            deps = condition_fields(f.when)
            mine = {g.name for g in f.then_fields + f.else_fields}
            first_in_variant = min(order[n] for n in mine) if mine else 0
            f.deferred = any(order.get(d, -1) > first_in_variant for d in deps)
            if f.deferred:
                for g in f.then_fields + f.else_fields:
                    if g.role in ("count_of", "length_of"):
                        target = s.field(g.role_target)
                        if target and not target.offset:
                            raise err(g, "a deferred variant cannot size an inline field")


def _validate_pool(model, s, f, err):
    if f is not s.fields[-1]:
        raise err(f, "pool %r runs to the end of the structure: declare it last"
                  % f.name)
    entries = next((g for g in s.fields if g.name == f.entries), None)
    if (entries is None or entries.kind != "var" or not entries.is_list or
            entries.offset or model.type_kind(entries.type) != "struct"):
        raise err(f, "entries: %r must name an inline list of structures of %s"
                  % (f.entries, s.name))
    if any(g.kind == "area" for g in s.fields):
        raise err(f, "an area and a pool both run to the end of the structure: "
                  "%s cannot have both" % s.name)
    located = [g for g in s.all_fields() if g.kind == "var" and g.offset]
    if located:
        raise err(located[0], "pool %r takes the bytes after the entries: %s "
                  "cannot also hold located fields" % (f.name, s.name))


def _resolve_pools(model):
    """Finds the structures and unions that take a pool from its owner: those
    with pooled strings, those that hold them (except an owner's entries
    list, which the owner hands its pool), and every case of a union that
    takes one (the union passes it on to whichever case it holds)."""
    pooled = model.pooled

    def take(name, pool, loc, field=None):
        if pooled.get(name, pool) != pool:
            raise SpecError("%s takes strings of pools %r and %r: a structure "
                            "takes one pool" % (name, pooled[name], pool),
                            loc.file, loc.line, name, field)
        if name in pooled:
            return False
        pooled[name] = pool
        return True

    for s in model.structs.values():
        for f in s.all_fields():
            if f.pool:
                take(s.name, f.pool, f.loc, f.name)
    changed = True
    while changed:
        changed = False
        for u in model.unions.values():
            types = [t for c in u.cases for t in c.types]
            for t in [u.name] + types:
                if t in pooled:
                    for other in [u.name] + types:
                        changed |= take(other, pooled[t], u.loc)
        for s in model.structs.values():
            owned = s.pool.entries if s.pool else None
            for f in s.all_fields():
                if f.type in pooled and f.name != owned:
                    changed |= take(s.name, pooled[f.type], f.loc, f.name)
    for u in model.unions.values():
        if u.name in pooled and any(len(c.types) > 1 for c in u.cases):
            # A failed attempt would leave its strings' marks in the pool.
            raise SpecError("%s takes pool %r, so each case has one structure"
                            % (u.name, pooled[u.name]), u.loc.file, u.loc.line, u.name)
    owners = {}
    for s in model.structs.values():
        pool = s.pool
        if pool is None:
            continue
        owners[pool.name] = s.name

        def err(message, f=pool):
            return SpecError(message, f.loc.file, f.loc.line, s.name,
                             f.name if f is not pool else None)

        if s.name in pooled:
            f = next(g for g in s.all_fields() if g.pool or (
                g.type in pooled and g.name != pool.entries))
            raise err("%s owns pool %r: only its entries %r hold pooled strings"
                      % (s.name, pool.name, pool.entries), f)
        entries = s.field(pool.entries)
        if pooled.get(entries.type) != pool.name:
            raise err("entries %r (%s) hold no strings of pool %r"
                      % (pool.entries, entries.type, pool.name))
    for s in model.structs.values():
        for f in s.all_fields():
            if f.pool and f.pool not in owners:
                raise SpecError("pool %r: no structure declares it ('- {pool: %s, "
                                "entries: LIST}')" % (f.pool, f.pool), f.loc.file,
                                f.loc.line, s.name, f.name)


def _validate_field(model, s, f, order, err):
    if f.reserved and (f.role or f.const is not None):
        raise err(f, "a reserved field has no role or const")
    if f.const is not None:
        if f.kind == "scalar":
            if model.type_kind(f.type) not in ("primitive", "enum", "flags"):
                raise err(f, "const needs an integer type")
            _int(f.const, "const", None, s.name, f.name)
        elif f.kind == "fixed_bytes":
            if not (isinstance(f.const, list) and len(f.const) == f.array_size
                    and all(isinstance(b, int) and 0 <= b < 256 for b in f.const)):
                raise err(f, "const of bytes[%d] is a list of %d byte values"
                          % (f.array_size, f.array_size))
        else:
            raise err(f, "const applies to integers and bytes[N]")
    if f.role and f.type in BIG_ENDIAN:
        raise err(f, "a %s field is computed little-endian: %s is for plain values"
                  % (f.role, f.type))
    if f.role:
        if f.kind != "scalar" and not (f.role == "switch_of" and f.kind == "var"
                                       and f.type == "bytes"):
            raise err(f, "a %s field must be an integer" % f.role)
        if f.kind == "scalar" and model.type_kind(f.type) not in ("primitive", "enum"):
            raise err(f, "a %s field must be an integer" % f.role)
        if f.kind == "scalar" and f.role != "switch_of" and model.type_kind(f.type) != "primitive":
            raise err(f, "a %s field must be an unsigned integer" % f.role)
        if f.role == "next":
            return
        if f.role == "size_of":
            if f.role_target != "self":
                raise err(f, "size_of names 'self': the whole structure's size")
            return
        if f.role == "size_from":
            target = next((g for g in s.fields if g.name == f.role_target), None)
            if target is None or target.at is None:
                raise err(f, "size_from counts from a field at a fixed offset of %s: "
                          "%r is none (give it 'at')" % (s.name, f.role_target))
            return
        target = s.field(f.role_target)
        if target is None:
            raise err(f, "%s points at nothing: no field %r" % (f.role, f.role_target))
        back = {"offset_of": target.offset, "length_of": target.length,
                "count_of": target.count, "switch_of": None}[f.role]
        if f.role == "switch_of":
            if model.type_kind(target.type) != "union":
                raise err(f, "switch_of must name a union field")
            union = model.unions[target.type]
            if f.kind == "scalar" and union.switch != f.type:
                raise err(f, "%s switches on %s, not %s" % (union.name, union.switch, f.type))
            if f.kind == "var" and union.switch != "tag":
                raise err(f, "a bytes switch needs a tag union")
        elif back != f.name:
            raise err(f, "%s names %r, whose %s is %r, not this field"
                      % (f.role, f.role_target, f.role.split("_")[0], back or None))
    if f.kind not in ("var", "slot"):
        return
    if f.area_from and s.area(f.area_from) is None:
        raise err(f, "from: %r is not an area of %s (declare it with "
                  "'- {area: %s}')" % (f.area_from, s.name, f.area_from))
    for key in ("offset", "length", "count"):
        ref = getattr(f, key)
        if not ref or (key == "length" and ref == "rest"):
            continue
        g = s.field(ref)
        if g is None:
            raise err(f, "%s names no field %r" % (key, ref))
        wanted = {"offset": "offset_of", "length": "length_of", "count": "count_of"}[key]
        if g.role != wanted or g.role_target != f.name:
            raise err(f, "%s field %r must say '%s: %s'" % (key, ref, wanted, f.name))
        if not f.offset and order[g.name] > order[f.name]:
            raise err(f, "inline field comes before its %s field %r" % (key, ref))
    if f.chain:
        element = model.structs.get(f.type)
        if element is None:
            raise err(f, "a chained list holds structures")
        nf = element.next_field
        if nf is None or nf.name != f.chain:
            raise err(f, "chain %r: %s has no field %r with 'next: true'"
                      % (f.chain, f.type, f.chain))
    if f.is_list and model.type_kind(f.type) == "struct":
        element = model.structs[f.type]
        if element.fixed_size == 0:
            raise err(f, "list elements must take at least one byte")
    if model.type_kind(f.type) == "union":
        union = model.unions[f.type]
        switches = [g for g in s.all_fields()
                    if g.role == "switch_of" and g.role_target == f.name]
        if f.switch:
            g = s.field(f.switch)
            if switches or g is None or g.role or g.kind != "scalar":
                raise err(f, "switch names a stored field of type %s" % union.switch)
            if g.type != union.switch:
                raise err(f, "switch field %r is %s, the union switches on %s"
                          % (f.switch, g.type, union.switch))
            if order[g.name] > order[f.name] and not f.offset:
                raise err(f, "switch field %r comes after the union" % f.switch)
        elif not switches:
            raise err(f, "union field needs 'switch: FIELD' or a field with "
                      "'switch_of: %s'" % f.name)
        else:
            types = [t for c in union.cases for t in c.types]
            if len(types) != len(set(types)):
                raise err(f, "switch_of derives the case from the type, so each "
                          "case of %s needs its own structure" % union.name)
        if f.kind == "slot":
            if switches and switches[0].kind != "scalar":
                raise err(f, "a union in a slot switches on an enum field, not a tag")
            for case in union.cases:
                for t in case.types:
                    size = model.structs[t].fixed_size
                    if size is None:
                        raise err(f, "case %s: %s has no fixed size, so it cannot "
                                  "sit in a %d-byte slot" % (case.key, t, f.slot_size))
                    if size > f.slot_size:
                        raise err(f, "case %s: %s takes %d bytes, more than the "
                                  "%d-byte slot" % (case.key, t, size, f.slot_size))
    if f.condition:
        check_condition(model, s, f.condition, f, err)
        if not f.offset:
            for name in condition_fields(f.condition):
                if order[name] > order[f.name]:
                    raise err(f, "inline field's condition uses %r, which comes after it"
                              % name)


def build_model(loaded_files):
    """loaded_files: [(path, data)] -> validated Model."""
    model = Model()
    for path, data in loaded_files:
        add_file(model, data, path)
    validate(model)
    return model
