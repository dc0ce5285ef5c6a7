"""C++ emission: per-structure decode/encode bodies (as lines of code) and the
declarations the Jinja2 templates lay out."""

from smbgen import cpp_expr, names
from smbgen.model import BIG_ENDIAN, PRIMITIVES, SPECIALS


class Emitter:

    def __init__(self, model):
        self.model = model

    # ------------------------------------------------------------ types

    def scalar_cpp(self, type_name):
        kind = self.model.type_kind(type_name)
        if kind == "primitive":
            return PRIMITIVES[type_name][1]
        if kind == "special":
            return SPECIALS[type_name][1]
        return type_name  # enum / flags / struct

    def read_fn(self, type_name):
        return "ReadBigEndian" if type_name in BIG_ENDIAN else "ReadScalar"

    def write_fn(self, type_name):
        return "WriteBigEndian" if type_name in BIG_ENDIAN else "WriteScalar"

    def member_cpp(self, f):
        kind = self.model.type_kind(f.type)
        if f.kind == "fixed_bytes":
            return "std::array<uint8_t, %d>" % f.array_size
        if f.kind == "slot":
            return f.type
        if f.kind in ("scalar", "struct"):
            return self.scalar_cpp(f.type)
        # var
        if kind == "utf16z":
            return "std::vector<std::u16string>" if f.is_list else "std::u16string"
        if f.is_list:
            return "std::vector<%s>" % self.scalar_cpp(f.type)
        if kind == "bytes":
            return "absl::Span<const uint8_t>"
        if kind == "utf16":
            return "std::u16string"
        if self.optional(f):
            return "std::optional<%s>" % f.type
        return f.type  # struct or union

    def optional(self, f):
        """A located structure that may be absent (offset 0, or an `if`)."""
        return (f.kind == "var" and not f.is_list and f.offset and
                self.model.type_kind(f.type) in ("struct", "union") and
                (f.empty_offset == "zero" or f.condition))

    def is_member(self, f):
        return f.kind in ("scalar", "fixed_bytes", "struct", "var", "slot") and not (
            f.role or f.reserved or f.const is not None)

    def members(self, s):
        out = []
        for f in s.all_fields():
            if not self.is_member(f):
                continue
            # Every member has an initializer, so designated initializers
            # may leave any of them out (-Wmissing-field-initializers).
            init = " = {}"
            if f.kind == "scalar" and f.default is not None:
                init = " = %s" % self.literal(f.type, f.default)
            out.append({"name": f.name, "type": self.member_cpp(f), "init": init,
                        "doc": f.doc})
        return out

    def literal(self, type_name, value):
        kind = self.model.type_kind(type_name)
        if kind in ("enum", "flags") and isinstance(value, str):
            return "%s::%s" % (type_name, names.enumerator(value))
        if kind in ("enum", "flags"):
            return "static_cast<%s>(%d)" % (type_name, value)
        return str(value)

    def struct_deps(self, s):
        """Types a structure holds by value (for declaration order)."""
        deps = set()
        for f in s.all_fields():
            kind = self.model.type_kind(f.type)
            if kind in ("struct", "union"):
                deps.add(f.type)
        return deps

    def union_types(self, u):
        seen = []
        for case in u.cases:
            for t in case.types:
                if t not in seen:
                    seen.append(t)
        return seen

    def declaration_order(self):
        """Enums, then structures and unions, each after what it holds."""
        order, state = [], {}

        def visit(name):
            if state.get(name) == "done":
                return
            if state.get(name) == "active":
                raise ValueError("cycle through %s" % name)
            state[name] = "active"
            if name in self.model.structs:
                for d in sorted(self.struct_deps(self.model.structs[name])):
                    visit(d)
            elif name in self.model.unions:
                for d in self.union_types(self.model.unions[name]):
                    visit(d)
            state[name] = "done"
            order.append(name)

        for kind, name in self.model.order:
            if kind in ("struct", "union"):
                visit(name)
        return order

    # ------------------------------------------------------------ pools

    def pool_arg(self, type_name):
        """The pool argument of a call that decodes or encodes type_name."""
        return ", pool" if type_name in self.model.pooled else ""

    def starts_entry(self, s, f):
        """Whether f is the entries list of the pool s owns."""
        return s.pool is not None and s.pool.entries == f.name

    def pool_owner(self, pool):
        return next(s.name for s in self.model.structs.values()
                    if s.pool is not None and s.pool.name == pool)

    def decode_pooled(self, s, f):
        count = ", %s" % self.ref_decode(f.count) if f.count else ""
        lines = ["if (pool != nullptr) {",
                 "  SMB_RETURN_IF_ERROR(pool->Read(%s%s, &v.%s), %s);"
                 % (self.ref_decode(f.offset), count, f.name, self.where(s, f)),
                 "}"]
        if f.condition:
            cond = cpp_expr.to_cpp(f.condition, self.model, s, self.ref_decode)
            lines = ["if (%s) {" % cond] + ["  " + l for l in lines] + ["}"]
        return lines

    def encode_pooled(self, s, f):
        of = self.offset_field(s, f)
        w = self.where(s, f)
        lines = ["if (pool != nullptr) {",
                 "  pool->Add(at_%s, &PatchField<%s>, v.%s);"
                 % (of.name, self.scalar_cpp(of.type), f.name),
                 "} else if (%s) {" % self.nonempty(f),
                 "  return Invalid(%s, \"a pooled string is encoded with its pool's owner, %s\");"
                 % (w, self.pool_owner(f.pool)),
                 "}"]
        if f.condition:
            cond = cpp_expr.to_cpp(f.condition, self.model, s, self.ref_encode)
            lines = (["if (%s) {" % cond] + ["  " + l for l in lines] +
                     ["} else if (%s) {" % self.nonempty(f),
                      "  return Invalid(%s, \"present, but the condition for it is false\");" % w,
                      "}"])
        return lines

    # ------------------------------------------------------- decoding

    def where(self, s, f):
        return '"%s.%s"' % (s.name, f.name)

    def decode_struct(self, s):
        """Body of internal::DecodeStruct(r, base, out[, out_next])."""
        self.s = s
        lines = ["%s& v = *out;" % s.name]
        sf = s.size_field
        if sf is None:
            lines.append("WireReader& r = r_in;")
        else:
            # The structure's own size field confines everything it holds.
            ct = self.scalar_cpp(sf.type)
            w = self.where(s, sf)
            lines += ["%s f_%s = {};" % (ct, sf.name),
                      "{",
                      "  WireReader peek = r_in;",
                      "  if (!peek.Skip(%d) || !ReadScalar(peek, &f_%s)) return Truncated(%s, peek, %d);"
                      % (sf.at, sf.name, w, self.model.scalar_size(sf.type)),
                      "}",
                      "if (f_%s < %d) return Invalid(%s, \"smaller than the structure's fixed part\");"
                      % (sf.name, self.fixed_prefix(s), w),
                      "WireReader r(absl::Span<const uint8_t>{});",
                      "if (!r_in.ReadReader(f_%s, &r)) return Truncated(%s, r_in, f_%s);"
                      % (sf.name, w, sf.name)]
        lines += ["const size_t struct_start = r.offset();", "(void)struct_start;", "(void)base;",
                  "(void)v;"]
        if s.pool is not None:
            lines += ["// The strings of pool %s lie in this structure's bytes." % s.pool.name,
                      "PoolReader owned_pool(r.rest());",
                      "PoolReader* pool = &owned_pool;"]
        elif s.name in self.model.pooled:
            lines.append("(void)pool;")
        located = [f for f in s.all_fields()
                   if f.kind == "var" and f.offset and not f.area_from and not f.pool]
        if s.offsets == "self" and located:
            lines.append("size_t located_end = 0;  // the end of the furthest located field")
        for f in s.all_fields():
            if f.role == "size_of":
                continue
            if f.role:
                if f.kind == "scalar":
                    lines.append("%s f_%s = {};" % (self.scalar_cpp(f.type), f.name))
                else:
                    lines.append("absl::Span<const uint8_t> v_tag_%s;" % f.name)
        deferred = []
        for f in s.fields:
            if f.kind == "variant" and f.deferred:
                n = len(deferred)
                size = sum(self.fixed_size(g) for g in f.then_fields)
                lines += ["WireReader deferred_%d = r;" % n,
                          "if (!r.Skip(%d)) return Truncated(%s, r, %d);"
                          % (size, self.where(s, f.then_fields[0]), size)]
                deferred.append((n, f))
                continue
            lines += self.decode_sequential(s, f, "r")
        for n, f in deferred:
            lines.append("{")
            lines.append("  WireReader& r = deferred_%d;" % n)
            lines += ["  " + l for l in self.decode_variant(s, f, "r")]
            lines.append("}")
        if located and self.has_optional(s):
            # An optional layout decides where the fixed part ends.
            lines.append("const uint64_t fixed_end = r.offset() - struct_start + %d;"
                         % (64 if s.offsets == "message" else 0))
        for f in s.all_fields():
            if f.kind == "var" and f.offset:
                lines += self.decode_pooled(s, f) if f.pool else self.decode_located(s, f)
        if s.offsets == "self" and located:
            # Located fields are part of this structure: move past them too.
            lines += ["if (located_end > r.offset() - struct_start &&",
                      "    !r.Skip(located_end - (r.offset() - struct_start))) {",
                      "  return Invalid(\"%s\", \"located fields end outside it\");" % s.name,
                      "}"]
        for f, at in self.sizes_from(s):
            lines.append("if (static_cast<uint64_t>(f_%s) != r.offset() - struct_start - %d) return BadConst(%s, r.offset() - struct_start - %d, f_%s);"
                         % (f.name, at, self.where(s, f), at, f.name))
        if sf is not None and not s.allow_trailing:
            lines.append("if (!r.empty()) return Trailing(%s, r.remaining());" % self.where(s, sf))
        if s.next_field is not None:
            lines.append("*out_next = f_%s;" % s.next_field.name)
        lines.append("return absl::OkStatus();")
        return lines

    def sizes_from(self, s):
        """The size_from fields, each with the offset it counts from."""
        return [(f, next(g.at for g in s.fields if g.name == f.role_target))
                for f in s.all_fields() if f.role == "size_from"]

    def locate_payload(self, s):
        """Body of T::LocatePayload(prefix, message_size, fixed): the fixed
        fields decoded from `prefix`, and where the payload field lies."""
        self.s = s
        f = next(g for g in s.fields if g.name == s.payload)
        w = self.where(s, f)
        lines = ["%s& v = *fixed;" % s.name,
                 "WireReader r(prefix);",
                 "if (!r.Skip(kSmb2HeaderSize)) return Truncated(%s, r, kSmb2HeaderSize);" % w]
        for g in s.all_fields():
            if g.role and g.role != "size_of" and g.kind == "scalar":
                lines.append("%s f_%s = {};" % (self.scalar_cpp(g.type), g.name))
        for g in s.fields:
            if g.kind == "var" and g.offset:
                continue  # located: not in the fixed part
            lines += self.decode_sequential(s, g, "r")
        off, ln = self.ref_decode(f.offset), self.ref_decode(f.length)
        lines += [
            "const uint64_t offset = %s;" % off,
            "const uint64_t length = %s;" % ln,
            "// Content lives after the fixed part: an offset into it is hostile.",
            "if (length != 0 && offset < %d) return Invalid(%s, \"points into the fixed part\");"
            % (self.fixed_prefix(s) + 64, w),
            "if (offset > message_size || length > message_size - offset) "
            "return OutOfBounds(%s, offset, length, message_size);" % w,
            "return ByteRange{offset, length};"]
        return lines

    def has_optional(self, s):
        return any(f.kind == "variant" and f.optional for f in s.fields)

    def fixed_prefix(self, s):
        """Bytes of the fixed fields before the first variable one (or
        optional variant, or area)."""
        size = 0
        for f in s.fields:
            if f.kind == "area" or (f.kind == "variant" and f.optional):
                break
            if f.kind == "pad":
                size = (size + f.align - 1) // f.align * f.align
            elif f.kind == "variant":
                size += sum(self.fixed_size(g) for g in f.then_fields)
            elif f.kind == "var" or (f.kind == "struct" and
                                     self.model.structs[f.type].fixed_size is None):
                if not f.offset:
                    break
            else:
                size += self.fixed_size(f)
        return size

    def fixed_size(self, f):
        if f.kind == "scalar":
            return self.model.scalar_size(f.type)
        if f.kind == "fixed_bytes":
            return f.array_size
        if f.kind == "slot":
            return f.slot_size
        return self.model.structs[f.type].fixed_size

    def ref_decode(self, name):
        f = self.s.field(name)
        return ("f_%s" % name) if f.role else ("v.%s" % name)

    def decode_variant(self, s, f, r):
        cond = cpp_expr.to_cpp(f.when, self.model, s, self.ref_decode)
        lines = ["if (%s) {" % cond]
        for g in f.then_fields:
            lines += ["  " + l for l in self.decode_sequential(s, g, r)]
        if f.else_fields:
            lines.append("} else {")
        for g in f.else_fields:
            lines += ["  " + l for l in self.decode_sequential(s, g, r)]
        lines.append("}")
        return lines

    def nested_base(self, type_name, reader, base="base"):
        st = self.model.structs.get(type_name)
        if st is not None and st.offsets == "self":
            return "%s.rest()" % reader
        return base

    def decode_sequential(self, s, f, r):
        w = self.where(s, f) if f.kind not in ("variant", "pad") else '"%s"' % s.name
        if f.kind == "pad":
            origin = "0" if s.offsets == "message" else "struct_start"
            return ["if (!SkipToAlignmentFrom(%s, %s, %d)) return Truncated(%s, %s, %d);"
                    % (r, origin, f.align, w, r, f.align)]
        if f.kind == "variant":
            return self.decode_variant(s, f, r)
        if f.kind == "area":
            return ["const absl::Span<const uint8_t> area_%s = %s.rest();" % (f.name, r),
                    "%s.Skip(%s.remaining());" % (r, r)]
        if f.kind == "pool":
            # Bytes no string takes (Padding) are ignored.
            return ["SMB_RETURN_IF_ERROR(pool->CheckArea(%s.rest()), \"%s.%s\");"
                    % (r, s.name, f.name),
                    "%s.Skip(%s.remaining());" % (r, r)]
        if f.kind == "slot":
            key = self.union_key(s, f, self.ref_decode)
            return ["{",
                    "  WireReader slot(absl::Span<const uint8_t>{});",
                    "  if (!%s.ReadReader(%d, &slot)) return Truncated(%s, %s, %d);"
                    % (r, f.slot_size, w, r, f.slot_size),
                    "  // The case takes the first bytes of the slot; the rest is padding.",
                    "  SMB_RETURN_IF_ERROR(DecodeUnion(%s, slot, &v.%s%s, /*exact=*/false), %s);"
                    % (key, f.name, self.pool_arg(f.type), w),
                    "}"]
        if f.kind == "scalar":
            size = self.model.scalar_size(f.type)
            if f.reserved:
                return ["if (!%s.Skip(%d)) return Truncated(%s, %s, %d);" % (r, size, w, r, size)]
            if f.const is not None:
                ct = self.scalar_cpp(f.type)
                return ["{",
                        "  %s value;" % ct,
                        "  if (!%s(%s, &value)) return Truncated(%s, %s, %d);"
                        % (self.read_fn(f.type), r, w, r, size),
                        "  if (static_cast<uint64_t>(value) != %du) return BadConst(%s, %d, static_cast<uint64_t>(value));"
                        % (f.const, w, f.const),
                        "}"]
            if f.role == "size_of":
                return ["if (!%s.Skip(%d)) return Truncated(%s, %s, %d);" % (r, size, w, r, size)]
            target = ("&f_%s" % f.name) if f.role else ("&v.%s" % f.name)
            return ["if (!%s(%s, %s)) return Truncated(%s, %s, %d);"
                    % (self.read_fn(f.type), r, target, w, r, size)]
        if f.kind == "fixed_bytes":
            if f.reserved:
                return ["if (!%s.Skip(%d)) return Truncated(%s, %s, %d);"
                        % (r, f.array_size, w, r, f.array_size)]
            if f.const is not None:
                return ["{",
                        "  static constexpr uint8_t kExpected[] = {%s};" % ", ".join("0x%02x" % b for b in f.const),
                        "  absl::Span<const uint8_t> bytes;",
                        "  if (!%s.ReadBytes(%d, &bytes)) return Truncated(%s, %s, %d);" % (r, f.array_size, w, r, f.array_size),
                        "  if (bytes != absl::MakeConstSpan(kExpected)) return BadBytes(%s, bytes);" % w,
                        "}"]
            return ["if (!%s.ReadInto(absl::MakeSpan(v.%s))) return Truncated(%s, %s, %d);"
                    % (r, f.name, w, r, f.array_size)]
        if f.kind == "struct":
            return ["SMB_RETURN_IF_ERROR(DecodeStruct(%s, %s, &v.%s%s), %s);"
                    % (r, self.nested_base(f.type, r), f.name, self.pool_arg(f.type), w)]
        # var, inline
        if f.offset:
            return []
        if f.condition:
            cond = cpp_expr.to_cpp(f.condition, self.model, s, self.ref_decode)
            return (["if (%s) {" % cond] + ["  " + l for l in self.decode_var_inline(s, f, r)]
                    + ["}"])
        return self.decode_var_inline(s, f, r)

    def length_ref(self, f):
        return self.ref_decode(f.length)

    def decode_var_inline(self, s, f, r):
        w = self.where(s, f)
        lines = ["{"]
        if f.length == "rest":
            lines += ["  WireReader sub = %s;" % r, "  %s.Skip(%s.remaining());" % (r, r)]
        elif f.length:
            ln = self.length_ref(f)
            lines += ["  WireReader sub(absl::Span<const uint8_t>{});",
                      "  if (!%s.ReadReader(%s, &sub)) return Truncated(%s, %s, %s);"
                      % (r, ln, w, r, ln)]
        else:
            lines += ["  WireReader& sub = %s;" % r]
        lines += ["  " + l for l in self.decode_content(s, f, "sub", exact=bool(f.length))]
        lines.append("}")
        return lines

    def decode_located(self, s, f):
        w = self.where(s, f)
        off = self.ref_decode(f.offset)
        base = ("area_%s" % f.area_from) if f.area_from else "base"
        lines = []
        indent = ""
        if f.condition:
            lines.append("if (%s) {" % cpp_expr.to_cpp(f.condition, self.model, s, self.ref_decode))
            indent = "  "
        body = ["{"]
        if f.empty_offset == "zero":
            if f.length and f.length != "rest":
                lines.append("if (%s == 0 && %s != 0) return Invalid(%s, \"offset 0 with a non-zero length\");"
                             % (off, self.ref_decode(f.length), w))
            body = ["if (%s != 0) {" % off]
        body.append("  absl::Span<const uint8_t> slice;")
        if f.length and f.length != "rest":
            ln = self.ref_decode(f.length)
            body.append("  if (!Slice(%s, %s, %s, &slice)) return OutOfBounds(%s, %s, %s, %s.size());"
                        % (base, off, ln, w, off, ln, base))
        else:
            body.append("  if (!Slice(%s, %s, %s.size() - std::min<uint64_t>(%s, %s.size()), &slice)) "
                        "return OutOfBounds(%s, %s, 0, %s.size());"
                        % (base, off, base, off, base, w, off, base))
        if not f.area_from:
            # Content lives after the fixed part: an offset into it is hostile.
            fixed_end = ("fixed_end" if self.has_optional(s) else
                         str(self.fixed_prefix(s) + (64 if s.offsets == "message" else 0)))
            body.append("  if (!slice.empty() && %s < %s) return Invalid(%s, \"points into the fixed part\");"
                        % (off, fixed_end, w))
        body.append("  WireReader sub(slice);")
        body += ["  " + l for l in self.decode_content(s, f, "sub", exact=bool(f.length))]
        if s.offsets == "self" and not f.area_from:
            body.append("  located_end = std::max<size_t>(located_end, %s + sub.offset());" % off)
        body.append("}")
        if self.optional(f):
            body = [l.replace("&v.%s)" % f.name, "&v.%s.emplace())" % f.name) for l in body]
        lines += [indent + l for l in body]
        if f.condition:
            lines.append("}")
        return lines

    def union_key(self, s, f, ref):
        if f.switch:
            return ref(f.switch)
        for g in s.all_fields():
            if g.role == "switch_of" and g.role_target == f.name:
                if g.kind == "scalar":
                    return "static_cast<%s>(%s)" % (self.model.unions[f.type].switch, ref(g.name))
                return "v_tag_%s" % g.name
        raise AssertionError("union without switch")

    def decode_content(self, s, f, sub, exact):
        """Decode field f's content from reader `sub` into v.<name>."""
        w = self.where(s, f)
        kind = self.model.type_kind(f.type)
        lines = []
        if f.is_list:
            lines += self.decode_list(s, f, sub, exact)
            return lines
        if kind == "bytes":
            if self.is_tag_field(s, f):
                return ["v_tag_%s = %s.rest();" % (f.name, sub), "%s.Skip(%s.remaining());" % (sub, sub)]
            return ["v.%s = %s.rest();" % (f.name, sub), "%s.Skip(%s.remaining());" % (sub, sub)]
        if kind == "utf16":
            return ["SMB_RETURN_IF_ERROR(ReadUtf16(%s, %s.remaining(), &v.%s), %s);" % (sub, sub, f.name, w)]
        if kind == "union":
            key = self.union_key(s, f, self.ref_decode)
            return ["SMB_RETURN_IF_ERROR(DecodeUnion(%s, %s, &v.%s%s), %s);"
                    % (key, sub, f.name, self.pool_arg(f.type), w)]
        # struct
        lines.append("SMB_RETURN_IF_ERROR(DecodeStruct(%s, %s, &v.%s%s), %s);"
                     % (sub, self.nested_base(f.type, sub), f.name, self.pool_arg(f.type), w))
        if exact and not self.model.structs[f.type].allow_trailing:
            lines.append("if (!%s.empty()) return Trailing(%s, %s.remaining());" % (sub, w, sub))
        return lines

    def is_tag_field(self, s, f):
        return f.role == "switch_of" and f.kind == "var"

    def decode_element(self, f, sub, target):
        kind = self.model.type_kind(f.type)
        if kind in ("primitive", "special", "enum", "flags"):
            size = self.model.scalar_size(f.type)
            return ["if (!%s(%s, &%s)) return Truncated(%s, %s, %d);"
                    % (self.read_fn(f.type), sub, target, self.where(self.s, f), sub, size)]
        st = self.model.structs[f.type]
        pool = self.pool_arg(f.type)
        if st.next_field is not None:
            return ["uint64_t unused_next = 0;",
                    "SMB_RETURN_IF_ERROR(DecodeStruct(%s, %s, &%s, &unused_next%s), %s);"
                    % (sub, self.nested_base(f.type, sub), target, pool, self.where(self.s, f))]
        return ["SMB_RETURN_IF_ERROR(DecodeStruct(%s, %s, &%s%s), %s);"
                % (sub, self.nested_base(f.type, sub), target, pool, self.where(self.s, f))]

    def decode_list(self, s, f, sub, exact):
        w = self.where(s, f)
        et = self.scalar_cpp(f.type)
        lines = []
        if f.chain:
            lines += [
                "while (!%s.empty()) {" % sub,
                "  if (v.%s.size() >= %d) return TooMany(%s, v.%s.size() + 1, %d);"
                % (f.name, f.max_count, w, f.name, f.max_count),
                "  WireReader element(%s.rest());" % sub,
                "  %s& e = v.%s.emplace_back();" % (et, f.name),
                "  uint64_t next = 0;"] + (
                ["  pool->StartEntry(element.rest());"] if self.starts_entry(s, f) else []) + [
                "  SMB_RETURN_IF_ERROR(DecodeStruct(element, %s, &e, &next%s), %s);"
                % (self.nested_base(f.type, "element", base="base") if self.model.structs[f.type].offsets == "message" else "element.rest()",
                   self.pool_arg(f.type), w),
                "  if (next == 0) break;",
                "  if (next == %s.remaining()) return Invalid(%s, \"NextEntryOffset points at the end\");" % (sub, w),
                "  if (next < element.offset()) return Invalid(%s, \"NextEntryOffset points inside the entry\");" % w,
                "  if (!%s.Skip(next)) return OutOfBounds(%s, next, 0, %s.remaining());" % (sub, w, sub),
                "}",
            ]
            return lines
        align = f.element_align
        lines.append("const size_t list_start = %s.offset();" % sub)
        lines.append("(void)list_start;")
        if f.count:
            cnt = self.ref_decode(f.count)
            count_field = s.field(f.count)
            if (1 << (8 * self.model.scalar_size(count_field.type))) - 1 > f.max_count:
                lines.append("if (%s > %d) return TooMany(%s, %s, %d);"
                             % (cnt, f.max_count, w, cnt, f.max_count))
            lines.append("for (uint64_t i = 0; i < %s; ++i) {" % cnt)
        else:
            lines += ["while (!%s.empty()) {" % sub,
                      "  if (v.%s.size() >= %d) return TooMany(%s, v.%s.size() + 1, %d);"
                      % (f.name, f.max_count, w, f.name, f.max_count),
                      "  const size_t before = %s.offset();" % sub]
        if align > 1:
            lines.append("  if (!v.%s.empty() && !SkipToAlignmentFrom(%s, list_start, %d)) return Truncated(%s, %s, %d);"
                         % (f.name, sub, align, w, sub, align))
        if self.starts_entry(s, f):
            lines.append("  pool->StartEntry(%s.rest());" % sub)
        lines.append("  %s& e = v.%s.emplace_back();" % (et, f.name))
        lines += ["  " + l for l in self.decode_element(f, sub, "e")]
        if not f.count:
            lines.append("  if (%s.offset() == before) return Invalid(%s, \"an element took no bytes\");" % (sub, w))
        lines.append("}")
        if exact and f.count and not f.length == "rest":
            lines.append("if (!%s.empty()) return Trailing(%s, %s.remaining());" % (sub, w, sub))
        return lines

    # ------------------------------------------------------- encoding

    def ref_encode(self, name):
        f = self.s.field(name)
        if f is not None and f.role == "count_of":
            return "v.%s.size()" % f.role_target  # what the encoder writes
        return "v.%s" % name

    def encode_struct(self, s):
        """Body of internal::EncodeStruct(v, w, base_offset[, next_at])."""
        self.s = s
        lines = ["const size_t struct_start = w.offset();", "(void)struct_start;",
                 "(void)base_offset;"]
        if s.pool is not None:
            lines += ["PoolWriter owned_pool;", "PoolWriter* pool = &owned_pool;"]
        elif s.name in self.model.pooled:
            lines.append("(void)pool;")
        for f in s.fields:
            lines += self.encode_sequential(s, f)
        located = [f for f in s.all_fields() if f.kind == "var" and f.offset]
        for f in located:
            lines += self.encode_pooled(s, f) if f.pool else self.encode_located(s, f)
        send_byte = s.empty_buffer_byte
        if send_byte is None:
            send_byte = s.direction == "request"
        if s.structure_size is not None and s.structure_size % 2 == 1 and send_byte:
            fixed = s.structure_size - 1
            lines += ["// An odd StructureSize counts one byte of the buffer: send it (MS-SMB2 2.2).",
                      "if (w.offset() - struct_start == %d) w.WriteU8(0);" % fixed]
        sf = s.size_field
        if sf is not None:
            lines.append("SMB_RETURN_IF_ERROR(PatchField<%s>(w, at_%s, w.offset() - struct_start), \"%s.%s\");"
                         % (self.scalar_cpp(sf.type), sf.name, s.name, sf.name))
        for f, at in self.sizes_from(s):
            lines.append("SMB_RETURN_IF_ERROR(PatchField<%s>(w, at_%s, w.offset() - struct_start - %d), \"%s.%s\");"
                         % (self.scalar_cpp(f.type), f.name, at, s.name, f.name))
        lines.append("if (!w.ok()) return OutputTooSmall(\"%s\");" % s.name)
        lines.append("return absl::OkStatus();")
        return lines

    def placeholder(self, f):
        ct = self.scalar_cpp(f.type)
        return ["const size_t at_%s = w.offset();" % f.name,
                "WriteScalar(w, %s{0});" % ct]

    def encode_sequential(self, s, f):
        if f.kind == "pad":
            origin = "base_offset" if s.offsets == "message" else "struct_start"
            return ["PadFrom(w, %s, %d);" % (origin, f.align)]
        if f.kind == "area":
            return ["const size_t area_%s = w.offset();" % f.name]
        if f.kind == "pool":
            return ["SMB_RETURN_IF_ERROR(pool->Write(w), \"%s.%s\");" % (s.name, f.name)]
        if f.kind == "slot":
            where = "\"%s.%s\"" % (s.name, f.name)
            return ["{",
                    "  const size_t slot_start = w.offset();",
                    "  SMB_RETURN_IF_ERROR(EncodeUnion(v.%s, w%s), %s);"
                    % (f.name, self.pool_arg(f.type), where),
                    "  const size_t used = w.offset() - slot_start;",
                    "  if (used > %d) return Invalid(%s, \"longer than its %d-byte slot\");"
                    % (f.slot_size, where, f.slot_size),
                    "  w.WriteZeros(%d - used);" % f.slot_size,
                    "}"]
        if f.kind == "variant":
            cond = cpp_expr.to_cpp(f.when, self.model, s, self.ref_encode)
            lines = ["if (%s) {" % cond]
            decls = []
            for g in f.then_fields:
                lines += ["  " + l for l in self.encode_sequential(s, g)]
            if f.else_fields:
                lines.append("} else {")
            for g in f.else_fields:
                lines += ["  " + l for l in self.encode_sequential(s, g)]
            lines.append("}")
            # Placeholders declared inside a branch are patched outside it:
            # hoist their position variables.
            hoisted = []
            for g in f.then_fields + f.else_fields:
                if g.role in ("offset_of", "length_of", "next", "size_of", "size_from"):
                    hoisted.append("size_t at_%s = SIZE_MAX;" % g.name)
            lines = [l.replace("const size_t at_", "at_") for l in lines]
            return hoisted + lines
        if f.kind == "scalar":
            ct = self.scalar_cpp(f.type)
            size = self.model.scalar_size(f.type)
            if f.reserved:
                return ["w.WriteZeros(%d);" % size]
            if f.const is not None:
                return ["%s(w, static_cast<%s>(%d));" % (self.write_fn(f.type), ct, f.const)]
            if f.role == "next":
                return self.placeholder(f) + ["*next_at = at_%s;" % f.name]
            if f.role in ("offset_of", "length_of", "size_of", "size_from"):
                return self.placeholder(f)
            if f.role == "count_of":
                return ["SMB_RETURN_IF_ERROR(CheckFits<%s>(v.%s.size()), \"%s.%s\");" % (ct, f.role_target, s.name, f.name),
                        "WriteScalar(w, static_cast<%s>(v.%s.size()));" % (ct, f.role_target)]
            if f.role == "switch_of":
                return ["WriteScalar(w, SwitchValue(v.%s));" % f.role_target]
            return ["%s(w, v.%s);" % (self.write_fn(f.type), f.name)]
        if f.kind == "fixed_bytes":
            if f.reserved:
                return ["w.WriteZeros(%d);" % f.array_size]
            if f.const is not None:
                return ["{",
                        "  static constexpr uint8_t kBytes[] = {%s};" % ", ".join("0x%02x" % b for b in f.const),
                        "  w.WriteBytes(kBytes);", "}"]
            return ["w.WriteBytes(v.%s);" % f.name]
        if f.kind == "struct":
            return self.encode_nested_struct(f.type, "v.%s" % f.name)
        if f.offset:
            return []
        if f.condition:
            cond = cpp_expr.to_cpp(f.condition, self.model, s, self.ref_encode)
            return (["if (%s) {" % cond] +
                    ["  " + l for l in self.encode_content_with_length(s, f)] +
                    ["} else if (%s) {" % self.nonempty(f),
                     "  return Invalid(\"%s.%s\", \"present, but the condition for it is false\");"
                     % (s.name, f.name), "}"])
        return self.encode_content_with_length(s, f)

    def encode_nested_struct(self, type_name, expr, next_at=None):
        st = self.model.structs[type_name]
        base = "w.offset()" if st.offsets == "self" else "base_offset"
        extra = ", &%s" % next_at if st.next_field is not None else ""
        extra += self.pool_arg(type_name)
        if st.next_field is not None and next_at is None:
            return ["{", "  size_t unused_next_at = 0;",
                    "  SMB_RETURN_IF_ERROR(EncodeStruct(%s, w, %s, &unused_next_at%s), \"%s\");"
                    % (expr, base, self.pool_arg(type_name), self.s.name),
                    "}"]
        return ["SMB_RETURN_IF_ERROR(EncodeStruct(%s, w, %s%s), \"%s\");" % (expr, base, extra, self.s.name)]

    def length_field(self, s, f):
        for g in s.all_fields():
            if g.role == "length_of" and g.role_target == f.name:
                return g
        return None

    def offset_field(self, s, f):
        for g in s.all_fields():
            if g.role == "offset_of" and g.role_target == f.name:
                return g
        return None

    def encode_content_with_length(self, s, f):
        lf = self.length_field(s, f)
        lines = ["{"]
        if lf is not None:
            lines.append("  const size_t start = w.offset();")
        lines += ["  " + l for l in self.encode_content(s, f)]
        if lf is not None:
            lines.append("  SMB_RETURN_IF_ERROR(PatchField<%s>(w, at_%s, w.offset() - start), \"%s.%s\");"
                         % (self.scalar_cpp(lf.type), lf.name, s.name, lf.name))
        lines.append("}")
        return lines

    def encode_located(self, s, f):
        lines = []
        indent = ""
        if f.condition:
            lines.append("if (%s) {" % cpp_expr.to_cpp(f.condition, self.model, s, self.ref_encode))
            indent = "  "
        origin = ("area_%s" % f.area_from) if f.area_from else "base_offset"
        body = ["{"]
        if self.optional(f):
            body = ["if (%s) {" % self.nonempty(f)]
        if f.align > 1:
            kind = self.model.type_kind(f.type)
            if self.optional(f) or f.is_list or kind in ("bytes", "utf16"):
                body.append("  if (%s) PadFrom(w, %s, %d);" % (self.nonempty(f), origin, f.align))
            else:
                body.append("  PadFrom(w, %s, %d);" % (origin, f.align))
        body.append("  const size_t start = w.offset();")
        content = self.encode_content(s, f)
        if self.optional(f):
            content = [l.replace("v.%s," % f.name, "*v.%s," % f.name) for l in content]
        body += ["  " + l for l in content]
        of = self.offset_field(s, f)
        lf = self.length_field(s, f)
        if of is not None:
            value = "start - %s" % origin
            if f.empty_offset == "zero":
                value = "w.offset() == start ? 0 : start - %s" % origin
            body.append("  SMB_RETURN_IF_ERROR(PatchField<%s>(w, at_%s, %s), \"%s.%s\");"
                        % (self.scalar_cpp(of.type), of.name, value, s.name, of.name))
        if lf is not None:
            body.append("  SMB_RETURN_IF_ERROR(PatchField<%s>(w, at_%s, w.offset() - start), \"%s.%s\");"
                        % (self.scalar_cpp(lf.type), lf.name, s.name, lf.name))
        body.append("}")
        lines += [indent + l for l in body]
        if f.condition:
            lines.append("} else if (%s) {" % self.nonempty(f))
            lines.append("  return Invalid(\"%s.%s\", \"present, but the condition for it is false\");" % (s.name, f.name))
            lines.append("}")
        return lines

    def nonempty(self, f):
        if self.optional(f):
            return "v.%s.has_value()" % f.name
        return "!v.%s.empty()" % f.name

    def encode_content(self, s, f):
        kind = self.model.type_kind(f.type)
        if f.is_list:
            return self.encode_list(s, f)
        if self.is_tag_field(s, f):
            return ["w.WriteBytes(SwitchTag(v.%s));" % f.role_target]
        if kind == "bytes":
            return ["w.WriteBytes(v.%s);" % f.name]
        if kind == "utf16":
            return ["WriteUtf16(w, v.%s);" % f.name]
        if kind == "union":
            return ["SMB_RETURN_IF_ERROR(EncodeUnion(v.%s, w%s), \"%s.%s\");"
                    % (f.name, self.pool_arg(f.type), s.name, f.name)]
        return self.encode_nested_struct(f.type, "v.%s" % f.name)

    def encode_list(self, s, f):
        kind = self.model.type_kind(f.type)
        lines = ["const size_t list_start = w.offset();", "(void)list_start;"]
        if f.chain:
            st = self.model.structs[f.type]
            ct = self.scalar_cpp(st.next_field.type)
            lines += ["size_t previous_next_at = SIZE_MAX;",
                      "size_t previous_start = 0;",
                      "for (const auto& e : v.%s) {" % f.name]
            if f.element_align > 1:
                lines.append("  if (previous_next_at != SIZE_MAX) PadFrom(w, list_start, %d);" % f.element_align)
            lines += ["  const size_t element_start = w.offset();"]
            if self.starts_entry(s, f):
                lines.append("  pool->StartEntry(element_start);")
            lines += ["  if (previous_next_at != SIZE_MAX) {",
                      "    SMB_RETURN_IF_ERROR(PatchField<%s>(w, previous_next_at, element_start - previous_start), \"%s.%s\");"
                      % (ct, s.name, f.name),
                      "  }",
                      "  size_t next_at = 0;"]
            lines += ["  " + l for l in self.encode_nested_struct(f.type, "e", next_at="next_at")]
            lines += ["  previous_next_at = next_at;", "  previous_start = element_start;", "}"]
            return lines
        if f.element_align > 1:
            lines.append("bool first = true;")
        lines.append("for (const auto& e : v.%s) {" % f.name)
        if f.element_align > 1:
            lines.append("  if (!first) PadFrom(w, list_start, %d);" % f.element_align)
            lines.append("  first = false;")
        if self.starts_entry(s, f):
            lines.append("  pool->StartEntry(w.offset());")
        if kind in ("primitive", "special", "enum", "flags"):
            lines.append("  %s(w, e);" % self.write_fn(f.type))
        else:
            lines += ["  " + l for l in self.encode_nested_struct(f.type, "e")]
        lines.append("}")
        return lines

    # ------------------------------------------------------- visiting

    def prefix_strict(self, s, seen=None):
        """True when no part of s runs to the end of its buffer, so every
        strict prefix of an encoding must fail to decode."""
        seen = set() if seen is None else seen
        if s.name in seen:
            return True
        seen.add(s.name)
        if s.allow_trailing or any(f.kind in ("area", "pool") for f in s.fields):
            return False
        if s.structure_size is not None and s.structure_size % 2 == 1:
            return False  # the one pad byte of an empty buffer may be cut
        for f in s.all_fields():
            if f.kind != "var" and f.kind != "struct":
                continue
            if f.length == "rest" or f.chain or (f.is_list and not f.count and f.length):
                return False
            kind = self.model.type_kind(f.type)
            if kind == "struct" and not self.prefix_strict(self.model.structs[f.type], seen):
                return False
        return True

    def visit_lines(self, s):
        return ['visitor("%s", v.%s);' % (m["name"], m["name"]) for m in self.members(s)]


def tag_bytes(key):
    """A union tag: "MxAc" (ASCII) or "hex:45BCA66A..." (raw bytes)."""
    if key.startswith("hex:"):
        return list(bytes.fromhex(key[4:]))
    return list(key.encode("ascii"))
