"""The generator rejects spec mistakes with file:line: Struct.field messages,
and renders a valid spec."""

import os
import tempfile
import textwrap
import unittest

from smbgen import generate, loader, model
from smbgen.errors import SpecError


def build(text):
    data = loader.load_text(textwrap.dedent(text), "test.yaml")
    return model.build_model([("test.yaml", data)])


# A spec with a big-endian field, a slot and an area.
FEATURES_SPEC = """
    enums:
      Family: {section: "1", type: u16, values: {A: 1}}
    structs:
      Small: {fields: [{name: x, type: u32}]}
      Thing:
        fields:
          - {name: token, type: u32be}
          - {name: family, type: Family, switch_of: address}
          - {name: address, type: Address, size: 16}
          - {name: name_offset, type: u16, offset_of: name}
          - {name: name_length, type: u16, length_of: name}
          - {area: names}
          - {name: name, type: utf16, offset: name_offset, length: name_length,
             from: names}
    unions:
      Address: {section: "1", switch: Family, cases: {A: Small}}
    """

# A pool: Owner's entries (Entry) hold a union whose cases locate strings by
# offsets from the entry's start into the area after the entries.
POOL_SPEC = """
    enums:
      Kind: {section: "1", type: u16, values: {NAMED: 1, PLAIN: 2}}
    structs:
      Owner:
        fields:
          - {name: count, type: u16, count_of: entries}
          - {name: entries, type: Entry, count: count}
          - {pool: strings, entries: entries}
      Named:
        fields:
          - {name: name_offset, type: u16, offset_of: name}
          - {name: name, type: utf16z, offset: name_offset, pool: strings}
          - {name: alias_count, type: u16, count_of: aliases}
          - {name: aliases_offset, type: u16, offset_of: aliases}
          - {name: aliases, type: utf16z, offset: aliases_offset, count: alias_count,
             pool: strings}
      Plain: {fields: [{name: x, type: u32}]}
      Entry:
        fields:
          - {name: kind, type: Kind, switch_of: body}
          - {name: size, type: u16, size_of: self}
          - {name: body, type: Body, length: rest}
    unions:
      Body: {section: "1", switch: Kind, cases: {NAMED: Named, PLAIN: Plain}}
    """


class SpecErrorsTest(unittest.TestCase):

    def assertSpecError(self, text, *fragments):
        with self.assertRaises(SpecError) as caught:
            build(text)
        message = str(caught.exception)
        for fragment in fragments:
            self.assertIn(fragment, message)
        return caught.exception

    def test_unknown_type(self):
        error = self.assertSpecError("""
            structs:
              Thing:
                fields:
                  - {name: size, type: u16}
                  - {name: body, type: Bogus}
            """, "test.yaml:6", "Thing.body", "unknown type 'Bogus'")
        self.assertEqual(error.line, 6)

    def test_payload_must_be_a_located_bytes_field(self):
        self.assertSpecError("""
            structs:
              Thing:
                payload: size
                fields:
                  - {name: size, type: u16}
            """, "Thing", "payload: 'size' must be a located bytes field")

    def test_overlapping_field(self):
        self.assertSpecError("""
            structs:
              Thing:
                fields:
                  - {name: a, type: u32, at: 0}
                  - {name: b, type: u16, at: 2}
            """, "test.yaml:6", "Thing.b", "is at offset 4, but 'at' says 2")

    def test_offset_field_pointing_at_nothing(self):
        self.assertSpecError("""
            structs:
              Thing:
                fields:
                  - {name: buffer_offset, type: u16, offset_of: buffer}
                  - {name: payload, type: bytes, length: rest}
            """, "Thing.buffer_offset", "offset_of points at nothing: no field 'buffer'")

    def test_offset_field_not_named_back(self):
        self.assertSpecError("""
            structs:
              Thing:
                fields:
                  - {name: a_offset, type: u16, offset_of: payload}
                  - {name: a_length, type: u16, length_of: payload}
                  - {name: payload, type: bytes, length: a_length}
            """, "Thing.a_offset", "whose offset is None")

    def test_size_does_not_add_up_to_structure_size(self):
        self.assertSpecError("""
            structs:
              Body:
                structure_size: 8
                fields:
                  - {name: structure_size, type: u16, const: 8}
                  - {name: value, type: u32}
            """, "test.yaml:4", "Body", "fields add up to 6 bytes, but StructureSize is 8")

    def test_odd_structure_size_counts_a_buffer_byte(self):
        built = build("""
            structs:
              Body:
                structure_size: 9
                fields:
                  - {name: structure_size, type: u16, const: 9}
                  - {name: data_offset, type: u16, offset_of: data}
                  - {name: data_length, type: u32, length_of: data}
                  - {name: data, type: bytes, offset: data_offset, length: data_length}
            """)
        self.assertIn("Body", built.structs)

    def test_variant_branches_must_match(self):
        self.assertSpecError("""
            enums:
              Kind: {section: "1", type: u8, values: {A: 1}}
            structs:
              Thing:
                fields:
                  - {name: kind, type: Kind}
                  - variant: depends on kind
                    when: kind == Kind.A
                    then: [{name: x, type: u32}]
                    else: [{name: y, type: u16}]
            """, "variant branches differ in size (4 and 2 bytes)")

    def test_condition_on_unknown_field(self):
        self.assertSpecError("""
            structs:
              Thing:
                fields:
                  - {name: kind, type: u8}
                  - variant: depends
                    when: knd == 1
                    then: [{name: x, type: u32}]
                    else: [{name: y, type: u32}]
            """, "names no field 'knd'")

    def test_inline_length_after_its_field(self):
        self.assertSpecError("""
            structs:
              Thing:
                fields:
                  - {name: name, type: utf16, length: name_length}
                  - {name: name_length, type: u16, length_of: name}
            """, "Thing.name", "comes before its length field")

    def test_unquoted_section(self):
        self.assertSpecError("""
            enums:
              Kind: {section: 2.4, type: u8, values: {A: 1}}
            """, "quote the section number")

    def test_enum_value_too_big(self):
        self.assertSpecError("""
            enums:
              Kind: {section: "1", type: u8, values: {A: 256}}
            """, "A = 0x100 does not fit in u8")

    def test_duplicate_key_has_its_line(self):
        error = self.assertSpecError("""
            structs:
              Thing:
                fields:
                  - {name: a, type: u8, type: u16}
            """, "duplicate key 'type'")
        self.assertEqual(error.line, 5)

    def test_union_case_must_be_a_value(self):
        self.assertSpecError("""
            enums:
              Kind: {section: "1", type: u8, values: {A: 1}}
            structs:
              A1: {fields: [{name: x, type: u8}]}
            unions:
              U: {section: "1", switch: Kind, cases: {B: A1}}
            """, "'B' is not a value of Kind")

    # Big-endian integers (u16be, u32be, u64be).

    def test_big_endian_count_is_rejected(self):
        self.assertSpecError("""
            structs:
              Thing:
                fields:
                  - {name: count, type: u16be, count_of: items}
                  - {name: items, type: u32, count: count}
            """, "test.yaml:5", "Thing.count", "count_of field is computed "
            "little-endian: u16be is for plain values")

    def test_big_endian_enum_base_is_rejected(self):
        self.assertSpecError("""
            enums:
              Kind: {section: "1", type: u16be, values: {A: 1}}
            """, "Kind: type must be u8, u16, u32 or u64, not 'u16be'")

    # A union in a fixed slot (size: N).

    SLOT = """
        enums:
          Family: {section: "1", type: u16, values: {A: 1, B: 2}}
        structs:
          Small: {fields: [{name: x, type: u32}]}
          Big: {fields: [{name: y, type: "bytes[12]"}]}
          Holder:
            fields:
              - {name: family, type: Family, switch_of: address}
              - {name: address, type: Address, size: %d}
        unions:
          Address: {section: "1", switch: Family, cases: {A: Small, B: Big}}
        """

    def test_slot_has_its_size(self):
        built = build(self.SLOT % 16)
        self.assertEqual(built.structs["Holder"].fixed_size, 18)

    def test_slot_case_too_big(self):
        self.assertSpecError(self.SLOT % 8, "test.yaml:10", "Holder.address",
                             "case B: Big takes 12 bytes, more than the 8-byte slot")

    def test_slot_on_a_structure(self):
        self.assertSpecError("""
            structs:
              Small: {fields: [{name: x, type: u32}]}
              Thing:
                fields:
                  - {name: inner, type: Small, size: 8}
            """, "test.yaml:6", "Thing.inner", "size: N gives a union a fixed slot")

    # Offsets that count from an area (from: AREA).

    def test_from_names_no_area(self):
        self.assertSpecError("""
            structs:
              Thing:
                fields:
                  - {name: name_offset, type: u16, offset_of: name}
                  - {name: name_length, type: u16, length_of: name}
                  - {area: names}
                  - {name: name, type: utf16, offset: name_offset,
                     length: name_length, from: nmaes}
            """, "test.yaml:8", "Thing.name", "from: 'nmaes' is not an area of Thing")

    def test_only_located_fields_follow_an_area(self):
        self.assertSpecError("""
            structs:
              Thing:
                fields:
                  - {name: size, type: u16}
                  - {area: names, at: 2}
                  - {name: tail, type: u16}
            """, "test.yaml:7", "Thing.tail", "area 'names' runs to the end of "
            "the structure: only located fields may follow it")

    def test_from_needs_a_located_field(self):
        self.assertSpecError("""
            structs:
              Thing:
                fields:
                  - {name: name_length, type: u16, length_of: name}
                  - {name: name, type: utf16, length: name_length, from: names}
                  - {area: names}
            """, "test.yaml:6", "Thing.name", "only a located field")

    # Optional layouts: a variant without 'else'.

    def test_optional_variant_is_not_counted_in_structure_size(self):
        built = build("""
            flags:
              Bits: {section: "1", type: u16, bits: {EXT: 4}}
            structs:
              Body:
                structure_size: 9
                fields:
                  - {name: structure_size, type: u16, const: 9}
                  - {name: flags, type: Bits}
                  - {name: data_offset, type: u16, offset_of: data}
                  - {name: data_length, type: u16, length_of: data}
                  - variant: present with EXT
                    when: flags & Bits.EXT
                    then: [{name: extra, type: u64, at: 8}]
                  - {name: data, type: bytes, offset: data_offset, length: data_length}
            """)
        self.assertIsNone(built.structs["Body"].fixed_size)

    def test_field_after_optional_variant_has_no_fixed_offset(self):
        self.assertSpecError("""
            flags:
              Bits: {section: "1", type: u16, bits: {EXT: 4}}
            structs:
              Thing:
                fields:
                  - {name: flags, type: Bits, at: 0}
                  - variant: present with EXT
                    when: flags & Bits.EXT
                    then: [{name: extra, type: u64, at: 2}]
                  - {name: tail, type: u16, at: 10}
            """, "test.yaml:11", "Thing.tail",
            "follows the optional variant at line 8, so its offset varies")

    # Conditions on a count (ErrorContextCount).

    def test_condition_on_a_count(self):
        built = build("""
            structs:
              Thing:
                fields:
                  - {name: count, type: u8, count_of: items}
                  - {name: items, type: u32, count: count, if: count != 0}
                  - {name: raw, type: bytes, length: rest, if: count == 0}
            """)
        self.assertIn("Thing", built.structs)

    def test_condition_on_an_offset_is_rejected(self):
        self.assertSpecError("""
            structs:
              Thing:
                fields:
                  - {name: data_offset, type: u16, offset_of: data}
                  - {name: data, type: bytes, offset: data_offset, length: rest,
                     if: data_offset != 0}
            """, "Thing.data", "uses 'data_offset', which is neither a stored "
            "field nor a count_of field")

    # Sizes counted from a field to the end (size_from: FIELD).

    def test_size_from_needs_a_fixed_field(self):
        self.assertSpecError("""
            structs:
              Thing:
                fields:
                  - {name: rest_size, type: u16, size_from: tag}
                  - {name: data, type: bytes, length: rest}
                  - {name: tag, type: u16}
            """, "test.yaml:5", "Thing.rest_size",
            "size_from counts from a field at a fixed offset of Thing: 'tag' is none")

    # String pools (pool: NAME, MS-DFSC 2.2.4).

    def test_pool_takes_through_unions(self):
        built = build(POOL_SPEC)
        self.assertEqual(built.pooled, {"Entry": "strings", "Body": "strings",
                                        "Named": "strings", "Plain": "strings"})
        self.assertEqual(built.structs["Named"].fixed_size, 6)

    def test_utf16z_needs_a_pool(self):
        self.assertSpecError("""
            structs:
              Thing:
                fields:
                  - {name: name_offset, type: u16, offset_of: name}
                  - {name: name, type: utf16z, offset: name_offset}
            """, "test.yaml:6", "Thing.name", "utf16z, a NUL-terminated string, lives in a pool")

    def test_pooled_string_needs_an_offset(self):
        self.assertSpecError(POOL_SPEC.replace(
            "{name: name, type: utf16z, offset: name_offset, pool: strings}",
            "{name: name, type: utf16z, count: n, pool: strings}").replace(
            "{name: name_offset, type: u16, offset_of: name}",
            "{name: n, type: u16, count_of: name}"),
            "test.yaml:13", "Named.name", "a pooled string needs 'offset'")

    def test_pooled_string_has_no_length(self):
        self.assertSpecError(POOL_SPEC.replace(
            "offset: name_offset, pool: strings}",
            "offset: name_offset, length: rest, pool: strings}"),
            "test.yaml:13", "Named.name", "a pooled string runs to its NUL")

    def test_pool_holds_strings_only(self):
        self.assertSpecError(POOL_SPEC.replace(
            "type: utf16z, offset: name_offset, pool: strings}",
            "type: utf16, offset: name_offset, length: rest, pool: strings}"),
            "test.yaml:13", "Named.name", "a pool holds utf16z strings, not utf16")

    def test_pool_comes_last(self):
        self.assertSpecError(POOL_SPEC.replace(
            "- {pool: strings, entries: entries}",
            "- {pool: strings, entries: entries}\n          - {name: z, type: u8}"),
            "test.yaml:9", "Owner.strings", "pool 'strings' runs to the end of the structure")

    def test_pool_entries_must_be_a_list(self):
        self.assertSpecError(POOL_SPEC.replace("entries: entries}", "entries: count}"),
                             "test.yaml:9", "Owner.strings",
                             "entries: 'count' must name an inline list of structures")

    def test_entries_hold_strings_of_another_pool(self):
        self.assertSpecError(POOL_SPEC.replace("pool: strings}", "pool: strngs}"),
                             "test.yaml:9", "Owner",
                             "entries 'entries' (Entry) hold no strings of pool 'strings'")

    def test_structure_takes_one_pool(self):
        self.assertSpecError(POOL_SPEC.replace(
            "count: alias_count,\n             pool: strings}",
            "count: alias_count,\n             pool: names}"),
            "test.yaml:16", "Named.aliases",
            "Named takes strings of pools 'strings' and 'names'")

    def test_pool_without_owner(self):
        self.assertSpecError("""
            structs:
              Named:
                fields:
                  - {name: name_offset, type: u16, offset_of: name}
                  - {name: name, type: utf16z, offset: name_offset, pool: strings}
            """, "test.yaml:6", "Named.name", "pool 'strings': no structure declares it")

    def test_owner_holds_pooled_strings_only_in_its_entries(self):
        self.assertSpecError(POOL_SPEC.replace(
            "- {pool: strings, entries: entries}",
            "- {name: other, type: Entry, list: true, length: rest}\n"
            "          - {pool: strings, entries: entries}"),
            "test.yaml:9", "Owner.other", "Owner owns pool 'strings': only its "
            "entries 'entries' hold pooled strings")

    def test_owner_has_no_located_fields(self):
        self.assertSpecError("""
            structs:
              Named:
                fields:
                  - {name: name_offset, type: u16, offset_of: name}
                  - {name: name, type: utf16z, offset: name_offset, pool: strings}
              Owner:
                fields:
                  - {name: blob_offset, type: u16, offset_of: blob}
                  - {name: count, type: u16, count_of: entries}
                  - {name: entries, type: Named, count: count}
                  - {name: blob, type: bytes, offset: blob_offset, length: rest}
                  - {pool: strings, entries: entries}
            """, "test.yaml:12", "Owner.blob", "cannot also hold located fields")



class RenderTest(unittest.TestCase):

    def test_renders_header_dispatch_and_one_source_per_file(self):
        built = build("""
            structs:
              Thing:
                section: "9.9"
                fields:
                  - {name: count, type: u16, count_of: items}
                  - {name: items, type: u32, count: count}
            """)
        with tempfile.TemporaryDirectory() as out:
            generate.render(built, ["spec/test.yaml"], out)
            self.assertEqual(sorted(os.listdir(out)),
                             ["dispatch.cc", "messages.h", "test.cc"])
            with open(os.path.join(out, "messages.h")) as f:
                header = f.read()
            self.assertIn("DO NOT EDIT", header)
            self.assertIn("struct Thing {", header)
            self.assertIn("std::vector<uint32_t> items = {};", header)
            self.assertNotIn(" count;", header)  # computed, not a member

    def test_renders_big_endian_slot_and_area(self):
        built = build(FEATURES_SPEC)
        with tempfile.TemporaryDirectory() as out:
            generate.render(built, ["test.yaml"], out)
            with open(os.path.join(out, "test.cc")) as f:
                source = f.read()
        self.assertIn("ReadBigEndian(r, &v.token)", source)
        self.assertIn("WriteBigEndian(w, v.token)", source)
        self.assertIn("DecodeUnion(static_cast<Family>(f_family), slot, &v.address, "
                      "/*exact=*/false)", source)
        self.assertIn("w.WriteZeros(16 - used);", source)
        self.assertIn("Slice(area_names, f_name_offset, f_name_length, &slice)", source)
        self.assertIn("start - area_names", source)


    def test_renders_a_pool(self):
        built = build(POOL_SPEC)
        with tempfile.TemporaryDirectory() as out:
            generate.render(built, ["test.yaml"], out)
            with open(os.path.join(out, "test.cc")) as f:
                source = f.read()
            with open(os.path.join(out, "messages.h")) as f:
                header = f.read()
        self.assertIn("std::u16string name = {};", header)
        self.assertIn("std::vector<std::u16string> aliases = {};", header)
        self.assertIn("Entry* out, PoolReader* pool)", source)
        self.assertIn("Plain* out, PoolReader* pool)", source)  # a case of Body
        self.assertIn("PoolReader owned_pool(r.rest());", source)
        self.assertIn("pool->StartEntry(sub.rest());", source)
        self.assertIn("pool->Read(f_name_offset, &v.name)", source)
        self.assertIn("pool->Read(f_aliases_offset, f_alias_count, &v.aliases)", source)
        self.assertIn("pool->CheckArea(r.rest()), \"Owner.strings\")", source)
        self.assertIn("pool->Add(at_name_offset, &PatchField<uint16_t>, v.name);", source)
        self.assertIn("pool->Write(w), \"Owner.strings\")", source)
        self.assertIn("internal::DecodeStruct(reader, data, &out, nullptr)", source)

    def test_renders_size_from(self):
        built = build("""
            structs:
              Thing:
                fields:
                  - {name: rest_size, type: u16, at: 0, size_from: tag}
                  - {name: tag, type: u16, at: 2}
                  - {name: data, type: bytes, length: rest}
            """)
        with tempfile.TemporaryDirectory() as out:
            generate.render(built, ["test.yaml"], out)
            with open(os.path.join(out, "test.cc")) as f:
                source = f.read()
        self.assertIn("if (static_cast<uint64_t>(f_rest_size) != r.offset() - struct_start - 2) "
                      "return BadConst(\"Thing.rest_size\"", source)
        self.assertIn("PatchField<uint16_t>(w, at_rest_size, w.offset() - struct_start - 2)",
                      source)

if __name__ == "__main__":
    unittest.main()
