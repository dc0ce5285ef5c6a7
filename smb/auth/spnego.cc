#include "smb/auth/spnego.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "smb/auth/der.h"

namespace smb::auth {

const uint8_t kSpnegoOid[6] = {0x2b, 0x06, 0x01, 0x05, 0x05, 0x02};
const uint8_t kNtlmsspOid[10] = {0x2b, 0x06, 0x01, 0x04, 0x01,
                                 0x82, 0x37, 0x02, 0x02, 0x0a};
const uint8_t kNegoexOid[10] = {0x2b, 0x06, 0x01, 0x04, 0x01,
                                0x82, 0x37, 0x02, 0x02, 0x1e};
const uint8_t kKerberosOid[9] = {0x2a, 0x86, 0x48, 0x86, 0xf7,
                                 0x12, 0x01, 0x02, 0x02};
const uint8_t kMsKerberosOid[9] = {0x2a, 0x86, 0x48, 0x82, 0xf7,
                                   0x12, 0x01, 0x02, 0x02};

namespace {

using der_tag::Context;

std::vector<uint8_t> Bytes(absl::Span<const uint8_t> span) {
  return std::vector<uint8_t>(span.begin(), span.end());
}

void Append(std::vector<uint8_t>& out, const std::vector<uint8_t>& more) {
  out.insert(out.end(), more.begin(), more.end());
}

// Reads [n] { OCTET STRING }.
absl::StatusOr<std::vector<uint8_t>> OctetStringIn(
    absl::Span<const uint8_t> explicit_contents, absl::string_view what) {
  DerReader reader(explicit_contents);
  absl::StatusOr<absl::Span<const uint8_t>> octets =
      reader.ReadWhole(der_tag::kOctetString, what);
  if (!octets.ok()) return octets.status();
  return Bytes(*octets);
}

absl::Status ParseMechTypes(absl::Span<const uint8_t> explicit_contents,
                            NegTokenInit& init) {
  DerReader outer(explicit_contents);
  absl::StatusOr<absl::Span<const uint8_t>> list =
      outer.ReadWhole(der_tag::kSequence, "SPNEGO mechTypes");
  if (!list.ok()) return list.status();
  init.mech_types_der = Bytes(explicit_contents);
  DerReader reader(*list);
  while (!reader.empty()) {
    absl::StatusOr<absl::Span<const uint8_t>> oid =
        reader.ReadExpected(der_tag::kOid, "SPNEGO mechTypes OID");
    if (!oid.ok()) return oid.status();
    if (oid->empty()) {
      return absl::InvalidArgumentError("DER SPNEGO mechTypes OID: empty");
    }
    init.mech_types.push_back(Bytes(*oid));
  }
  return absl::OkStatus();
}

absl::Status ParseHints(absl::Span<const uint8_t> explicit_contents,
                        NegTokenInit& init) {
  DerReader outer(explicit_contents);
  absl::StatusOr<absl::Span<const uint8_t>> hints =
      outer.ReadWhole(der_tag::kSequence, "SPNEGO negHints");
  if (!hints.ok()) return hints.status();
  DerReader reader(*hints);
  uint8_t tag = 0;
  if (reader.PeekTag(&tag) && tag == Context(0)) {
    absl::StatusOr<absl::Span<const uint8_t>> name =
        reader.ReadExpected(Context(0), "SPNEGO negHints hintName");
    if (!name.ok()) return name.status();
    DerReader name_reader(*name);
    absl::StatusOr<absl::Span<const uint8_t>> text = name_reader.ReadWhole(
        der_tag::kGeneralString, "SPNEGO negHints hintName");
    if (!text.ok()) return text.status();
    init.hint_name = std::string(text->begin(), text->end());
  }
  if (reader.PeekTag(&tag) && tag == Context(1)) {
    absl::StatusOr<absl::Span<const uint8_t>> address =
        reader.ReadExpected(Context(1), "SPNEGO negHints hintAddress");
    if (!address.ok()) return address.status();
  }
  if (!reader.empty()) {
    return absl::InvalidArgumentError(
        "DER SPNEGO negHints: unexpected element");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<NegTokenInit> NegTokenInit::Parse(
    absl::Span<const uint8_t> token) {
  DerReader top(token);
  absl::StatusOr<absl::Span<const uint8_t>> initial =
      top.ReadWhole(der_tag::kApplication0, "SPNEGO InitialContextToken");
  if (!initial.ok()) return initial.status();
  DerReader inner(*initial);
  absl::StatusOr<absl::Span<const uint8_t>> oid =
      inner.ReadExpected(der_tag::kOid, "SPNEGO thisMech");
  if (!oid.ok()) return oid.status();
  if (!std::equal(oid->begin(), oid->end(), std::begin(kSpnegoOid),
                  std::end(kSpnegoOid))) {
    return absl::InvalidArgumentError(
        "SPNEGO InitialContextToken: thisMech is not SPNEGO "
        "(1.3.6.1.5.5.2)");
  }
  absl::StatusOr<absl::Span<const uint8_t>> choice =
      inner.ReadWhole(Context(0), "SPNEGO negTokenInit");
  if (!choice.ok()) return choice.status();
  DerReader choice_reader(*choice);
  absl::StatusOr<absl::Span<const uint8_t>> sequence =
      choice_reader.ReadWhole(der_tag::kSequence, "SPNEGO NegTokenInit");
  if (!sequence.ok()) return sequence.status();

  NegTokenInit init;
  DerReader fields(*sequence);
  int last = -1;
  bool saw_mech_types = false;
  while (!fields.empty()) {
    uint8_t tag = 0;
    absl::Span<const uint8_t> contents;
    if (absl::Status s =
            fields.Read("SPNEGO NegTokenInit field", &tag, &contents);
        !s.ok()) {
      return s;
    }
    const int number = tag & 0x1f;
    if ((tag & 0xe0) != 0xa0 || number <= last || number > 4) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "SPNEGO NegTokenInit: unexpected field tag 0x%02x", tag));
    }
    last = number;
    absl::Status status = absl::OkStatus();
    switch (number) {
      case 0:
        status = ParseMechTypes(contents, init);
        saw_mech_types = true;
        break;
      case 1:  // reqFlags: ignored
        break;
      case 2: {
        absl::StatusOr<std::vector<uint8_t>> token =
            OctetStringIn(contents, "SPNEGO mechToken");
        if (!token.ok()) return token.status();
        init.mech_token = *std::move(token);
        break;
      }
      case 3:
        // RFC 4178 mechListMIC (OCTET STRING) or NegTokenInit2 negHints
        // (SEQUENCE).
        if (!contents.empty() && contents[0] == der_tag::kSequence) {
          status = ParseHints(contents, init);
        } else {
          absl::StatusOr<std::vector<uint8_t>> mic =
              OctetStringIn(contents, "SPNEGO mechListMIC");
          if (!mic.ok()) return mic.status();
          init.mech_list_mic = *std::move(mic);
        }
        break;
      case 4: {
        absl::StatusOr<std::vector<uint8_t>> mic =
            OctetStringIn(contents, "SPNEGO mechListMIC");
        if (!mic.ok()) return mic.status();
        init.mech_list_mic = *std::move(mic);
        break;
      }
    }
    if (!status.ok()) return status;
  }
  if (!saw_mech_types) {
    return absl::InvalidArgumentError("SPNEGO NegTokenInit: no mechTypes");
  }
  return init;
}

std::vector<uint8_t> EncodeMechTypeList(absl::Span<const Oid> mech_types) {
  std::vector<uint8_t> oids;
  for (const Oid& oid : mech_types)
    Append(oids, DerElement(der_tag::kOid, oid));
  return DerElement(der_tag::kSequence, oids);
}

std::vector<uint8_t> NegTokenInit::Encode() const {
  std::vector<uint8_t> fields =
      DerElement(Context(0), EncodeMechTypeList(mech_types));
  if (mech_token) {
    Append(fields, DerElement(Context(2),
                              DerElement(der_tag::kOctetString, *mech_token)));
  }
  if (mech_list_mic) {
    Append(fields, DerElement(Context(3), DerElement(der_tag::kOctetString,
                                                     *mech_list_mic)));
  }
  std::vector<uint8_t> inner = DerElement(der_tag::kOid, kSpnegoOid);
  Append(inner, DerElement(Context(0), DerElement(der_tag::kSequence, fields)));
  return DerElement(der_tag::kApplication0, inner);
}

absl::StatusOr<NegTokenResp> NegTokenResp::Parse(
    absl::Span<const uint8_t> token) {
  DerReader top(token);
  absl::StatusOr<absl::Span<const uint8_t>> choice =
      top.ReadWhole(Context(1), "SPNEGO negTokenResp");
  if (!choice.ok()) return choice.status();
  DerReader choice_reader(*choice);
  absl::StatusOr<absl::Span<const uint8_t>> sequence =
      choice_reader.ReadWhole(der_tag::kSequence, "SPNEGO NegTokenResp");
  if (!sequence.ok()) return sequence.status();
  NegTokenResp resp;
  DerReader fields(*sequence);
  int last = -1;
  while (!fields.empty()) {
    uint8_t tag = 0;
    absl::Span<const uint8_t> contents;
    if (absl::Status s =
            fields.Read("SPNEGO NegTokenResp field", &tag, &contents);
        !s.ok()) {
      return s;
    }
    const int number = tag & 0x1f;
    if ((tag & 0xe0) != 0xa0 || number <= last || number > 3) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "SPNEGO NegTokenResp: unexpected field tag 0x%02x", tag));
    }
    last = number;
    DerReader field(contents);
    switch (number) {
      case 0: {
        absl::StatusOr<absl::Span<const uint8_t>> value =
            field.ReadWhole(der_tag::kEnumerated, "SPNEGO negState");
        if (!value.ok()) return value.status();
        if (value->size() != 1 || (*value)[0] > 3) {
          return absl::InvalidArgumentError(
              "SPNEGO negState: not one of accept-completed, "
              "accept-incomplete, reject, request-mic");
        }
        resp.neg_state = static_cast<NegState>((*value)[0]);
        break;
      }
      case 1: {
        absl::StatusOr<absl::Span<const uint8_t>> oid =
            field.ReadWhole(der_tag::kOid, "SPNEGO supportedMech");
        if (!oid.ok()) return oid.status();
        resp.supported_mech = Bytes(*oid);
        break;
      }
      case 2: {
        absl::StatusOr<std::vector<uint8_t>> token =
            OctetStringIn(contents, "SPNEGO responseToken");
        if (!token.ok()) return token.status();
        resp.response_token = *std::move(token);
        break;
      }
      case 3: {
        absl::StatusOr<std::vector<uint8_t>> mic =
            OctetStringIn(contents, "SPNEGO mechListMIC");
        if (!mic.ok()) return mic.status();
        resp.mech_list_mic = *std::move(mic);
        break;
      }
    }
  }
  return resp;
}

std::vector<uint8_t> NegTokenResp::Encode() const {
  std::vector<uint8_t> fields;
  if (neg_state) {
    const uint8_t value = static_cast<uint8_t>(*neg_state);
    Append(fields,
           DerElement(Context(0), DerElement(der_tag::kEnumerated,
                                             absl::MakeConstSpan(&value, 1))));
  }
  if (supported_mech) {
    Append(fields,
           DerElement(Context(1), DerElement(der_tag::kOid, *supported_mech)));
  }
  if (response_token) {
    Append(fields, DerElement(Context(2), DerElement(der_tag::kOctetString,
                                                     *response_token)));
  }
  if (mech_list_mic) {
    Append(fields, DerElement(Context(3), DerElement(der_tag::kOctetString,
                                                     *mech_list_mic)));
  }
  return DerElement(Context(1), DerElement(der_tag::kSequence, fields));
}

}  // namespace smb::auth
