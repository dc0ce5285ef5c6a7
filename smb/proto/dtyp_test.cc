// MS-DTYP security types (spec/dtyp.yaml): SID, ACL, ACEs and the
// self-relative security descriptor.
//
// The descriptors are real: the OutputBuffers of QUERY_INFO (InfoType
// SECURITY, AdditionalInformation OWNER|GROUP|DACL) that Samba 4.17.12 smbd
// returned on loopback to `smbcacls //127.0.0.1/data report.txt` and `... dir1`
// (smbcacls 4.17.12), captured with dumpcap for this test (frames 287, 383).
// Samba maps the POSIX owner, group and mode to them: owner
// S-1-5-21-...-1000 (the local user), group S-1-22-2-994 (Unix group), and
// allow ACEs for both and for Everyone. Samba writes the parts in the order
// owner, group, (SACL,) DACL, the order the encoder uses. The other ACE types,
// the SACLs and the hostile inputs are hand-built field by field from
// MS-DTYP 2.4.

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "smb/proto/messages.h"
#include "smb/proto/testing/message_test_util.h"

namespace smb::proto {
namespace {

using testing::ExpectPrefixesFail;
using testing::ExpectStructRoundTrip;
using testing::FromHex;
using testing::Kept;
using testing::ToHex;

const std::vector<uint8_t> kFileDescriptor = FromHex(
    "01"        // Revision
    "00"        // Sbz1
    "0490"      // Control SE_DACL_PRESENT|SE_DACL_PROTECTED|SE_SELF_RELATIVE
    "14000000"  // OffsetOwner 20
    "30000000"  // OffsetGroup 48
    "00000000"  // OffsetSacl: none
    "40000000"  // OffsetDacl 64
    // Owner S-1-5-21-2817404350-1889067486-2266806353-1000
    "010500000000000515000000be2deea7dee1987051b81c87e8030000"
    // Group S-1-22-2-994
    "010200000000001602000000e2030000"
    // DACL: revision 2, AclSize 88, AceCount 3
    "02005800" "03000000"
    "00002400" "ff011e00"  // allow 0x001e01ff to the owner
    "010500000000000515000000be2deea7dee1987051b81c87e8030000"
    "00001800" "89001200"  // allow 0x00120089 (read) to the group
    "010200000000001602000000e2030000"
    "00001400" "89001200"  // allow read to Everyone (S-1-1-0)
    "010100000000000100000000");

const std::vector<uint8_t> kDirectoryDescriptor = FromHex(
    "0100049014000000300000000000000040000000"
    "010500000000000515000000be2deea7dee1987051b81c87e8030000"
    "010200000000001602000000e2030000"
    "0200580003000000"
    "00002400ff011f00"  // 0x001f01ff: DELETE too, on a directory
    "010500000000000515000000be2deea7dee1987051b81c87e8030000"
    "00001800a9001200"  // 0x001200a9: read and traverse
    "010200000000001602000000e2030000"
    "00001400a9001200"
    "010100000000000100000000");

std::string SidString(const Sid& sid) {
  uint64_t authority = 0;
  for (uint8_t b : sid.identifier_authority) authority = authority << 8 | b;
  std::string out = absl::StrCat("S-1-", authority);  // Revision is always 1
  for (uint32_t sub : sid.sub_authority) absl::StrAppend(&out, "-", sub);
  return out;
}

Sid MakeSid(uint8_t authority, std::vector<uint32_t> sub_authority) {
  return Sid{.identifier_authority = {0, 0, 0, 0, 0, authority},
             .sub_authority = std::move(sub_authority)};
}

// The body of an ACE of type T, or a test failure.
template <typename T>
const T& BodyOf(const Ace& ace) {
  static const T kNone{};
  const T* body = std::get_if<T>(&ace.body);
  EXPECT_NE(body, nullptr) << "AceBody alternative " << ace.body.index();
  return body == nullptr ? kNone : *body;
}

// The status message of a failed decode (empty, with a test failure, if it
// decoded).
template <typename T>
std::string DecodeError(absl::Span<const uint8_t> bytes) {
  absl::StatusOr<T> decoded = T::Decode(bytes);
  EXPECT_FALSE(decoded.ok()) << T::kName << " decoded";
  return decoded.ok() ? "" : std::string(decoded.status().message());
}

constexpr char kOwner[] = "S-1-5-21-2817404350-1889067486-2266806353-1000";

TEST(DtypTest, SambaFileSecurityDescriptor) {
  const SecurityDescriptor sd =
      ExpectStructRoundTrip<SecurityDescriptor>(kFileDescriptor);
  EXPECT_EQ(sd.control, SecurityDescriptorControl::kSeDaclPresent |
                            SecurityDescriptorControl::kSeDaclProtected |
                            SecurityDescriptorControl::kSeSelfRelative);
  ASSERT_TRUE(sd.owner.has_value());
  ASSERT_TRUE(sd.group.has_value());
  EXPECT_FALSE(sd.sacl.has_value());
  ASSERT_TRUE(sd.dacl.has_value());
  EXPECT_EQ(SidString(*sd.owner), kOwner);
  EXPECT_EQ(SidString(*sd.group), "S-1-22-2-994");

  const Acl& dacl = *sd.dacl;
  EXPECT_EQ(dacl.acl_revision, AclRevision::kAclRevision);
  EXPECT_TRUE(dacl.unused.empty());
  ASSERT_EQ(dacl.aces.size(), 3u);
  for (const Ace& ace : dacl.aces) {
    EXPECT_TRUE(std::holds_alternative<AccessAllowedAce>(ace.body));
    EXPECT_EQ(ace.ace_flags, AceFlags{});
  }
  const auto& owner = BodyOf<AccessAllowedAce>(dacl.aces[0]);
  const auto& group = BodyOf<AccessAllowedAce>(dacl.aces[1]);
  const auto& everyone = BodyOf<AccessAllowedAce>(dacl.aces[2]);
  EXPECT_EQ(owner.mask, static_cast<AccessMask>(0x001e01ff));
  // Everything but DELETE on a file (deleting it is the directory's business).
  EXPECT_FALSE(HasFlags(owner.mask, AccessMask::kDelete));
  EXPECT_TRUE(HasFlags(owner.mask, AccessMask::kWriteDac |
                                       AccessMask::kWriteOwner |
                                       AccessMask::kFileWriteData));
  EXPECT_EQ(SidString(owner.sid), kOwner);
  EXPECT_EQ(group.mask, AccessMask::kFileReadData | AccessMask::kFileReadEa |
                            AccessMask::kFileReadAttributes |
                            AccessMask::kReadControl | AccessMask::kSynchronize);
  EXPECT_EQ(SidString(group.sid), "S-1-22-2-994");
  EXPECT_EQ(SidString(everyone.sid), "S-1-1-0");
  EXPECT_TRUE(everyone.trailing.empty());

  // The parts decode on their own from exactly their bytes: the owner SID at
  // OffsetOwner 20 (28 bytes), the DACL at OffsetDacl 64 (AclSize 88), and
  // the DACL's first ACE at 72 (AceSize 36).
  const absl::Span<const uint8_t> bytes = kFileDescriptor;
  EXPECT_EQ(ExpectStructRoundTrip<Sid>(bytes.subspan(20, 28)), *sd.owner);
  EXPECT_EQ(ExpectStructRoundTrip<Acl>(bytes.subspan(64, 88)), dacl);
  EXPECT_EQ(ExpectStructRoundTrip<Ace>(bytes.subspan(72, 36)), dacl.aces[0]);
}

TEST(DtypTest, SambaDirectorySecurityDescriptor) {
  const SecurityDescriptor sd =
      ExpectStructRoundTrip<SecurityDescriptor>(kDirectoryDescriptor);
  ASSERT_TRUE(sd.dacl.has_value());
  ASSERT_EQ(sd.dacl->aces.size(), 3u);
  const auto& owner = BodyOf<AccessAllowedAce>(sd.dacl->aces[0]);
  EXPECT_EQ(owner.mask, static_cast<AccessMask>(0x001f01ff));
  EXPECT_TRUE(HasFlags(owner.mask, AccessMask::kDelete));
  const auto& everyone = BodyOf<AccessAllowedAce>(sd.dacl->aces[2]);
  EXPECT_TRUE(HasFlags(everyone.mask, AccessMask::kFileExecute));
  ExpectPrefixesFail<SecurityDescriptor>(kDirectoryDescriptor);
}

TEST(DtypTest, EncoderComputesOffsetsAndSizes) {
  // Samba's file descriptor built from its values: the encoder lays out the
  // parts and computes every offset, AclSize, AceCount and AceSize.
  const Sid owner = MakeSid(5, {21, 2817404350, 1889067486, 2266806353, 1000});
  const Sid group = MakeSid(22, {2, 994});
  const AccessMask read = AccessMask::kFileReadData | AccessMask::kFileReadEa |
                          AccessMask::kFileReadAttributes |
                          AccessMask::kReadControl | AccessMask::kSynchronize;
  SecurityDescriptor sd{
      .control = SecurityDescriptorControl::kSeDaclPresent |
                 SecurityDescriptorControl::kSeDaclProtected |
                 SecurityDescriptorControl::kSeSelfRelative,
      .owner = owner,
      .group = group,
      .dacl = Acl{.acl_revision = AclRevision::kAclRevision,
                  .aces = {
                      Ace{.body = AccessAllowedAce{
                              .mask = static_cast<AccessMask>(0x001e01ff),
                              .sid = owner}},
                      Ace{.body = AccessAllowedAce{.mask = read, .sid = group}},
                      Ace{.body = AccessAllowedAce{.mask = read,
                                                   .sid = MakeSid(1, {0})}},
                  }}};
  absl::StatusOr<std::vector<uint8_t>> encoded = sd.EncodeToVector();
  ASSERT_TRUE(encoded.ok()) << encoded.status();
  EXPECT_EQ(ToHex(*encoded), ToHex(kFileDescriptor));
  EXPECT_EQ(sd.EncodedSize(), kFileDescriptor.size());
}

TEST(DtypTest, WindowsPartOrderDecodesButIsNotCanonical) {
  // Hand-built: Samba's file descriptor with its parts in the order Windows
  // (RtlMakeSelfRelativeSD) writes them: SACL, DACL, owner, group. So the
  // DACL is at 20, the owner at 108 and the group at 136. MS-DTYP allows any
  // order, and it decodes to the same descriptor; but the encoder has one
  // order (owner, group, SACL, DACL, Samba's), so OffsetOwner, OffsetGroup
  // and OffsetDacl re-encode as 20, 48 and 64: decode-only.
  const std::string header = "01000490" "6c000000" "88000000" "00000000" "14000000";
  const std::string hex = ToHex(kFileDescriptor);
  const std::string owner = hex.substr(40, 56);
  const std::string group = hex.substr(96, 32);
  const std::string dacl = hex.substr(128);
  const std::vector<uint8_t> windows = FromHex(header + dacl + owner + group);
  ASSERT_EQ(windows.size(), kFileDescriptor.size());
  absl::StatusOr<SecurityDescriptor> decoded = SecurityDescriptor::Decode(windows);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  absl::StatusOr<SecurityDescriptor> samba = SecurityDescriptor::Decode(kFileDescriptor);
  ASSERT_TRUE(samba.ok()) << samba.status();
  EXPECT_EQ(*decoded, *samba);
  absl::StatusOr<std::vector<uint8_t>> encoded = decoded->EncodeToVector();
  ASSERT_TRUE(encoded.ok()) << encoded.status();
  EXPECT_EQ(ToHex(*encoded), ToHex(kFileDescriptor));
}

TEST(DtypTest, DescriptorWithSaclAndLabel) {
  // Hand-built: owner BUILTIN\Administrators (S-1-5-32-544), no group, a
  // SACL with a medium-integrity no-write-up label and an audit of failed
  // writes by Everyone, and a DACL allowing Everyone everything, in the
  // encoder's order.
  const std::vector<uint8_t> bytes = FromHex(
      "01" "00" "1488"  // SE_DACL_PRESENT|SE_SACL_PRESENT|SE_SACL_AUTO_INHERITED|SE_SELF_RELATIVE
      "14000000"        // OffsetOwner 20
      "00000000"        // OffsetGroup: none
      "24000000"        // OffsetSacl 36
      "54000000"        // OffsetDacl 84
      "010200000000000520000000" "20020000"  // S-1-5-32-544
      "02003000" "02000000"                  // SACL: AclSize 48, 2 ACEs
      "11001400" "01000000" "010100000000001000200000"  // label S-1-16-8192
      "02801400" "02000000" "010100000000000100000000"  // audit failed writes
      "02001c00" "01000000"                  // DACL: AclSize 28, 1 ACE
      "00031400" "ff011f00" "010100000000000100000000");  // allow all, inherit
  const SecurityDescriptor sd = ExpectStructRoundTrip<SecurityDescriptor>(bytes);
  EXPECT_FALSE(sd.group.has_value());
  ASSERT_TRUE(sd.owner.has_value());
  EXPECT_EQ(SidString(*sd.owner), "S-1-5-32-544");
  ASSERT_TRUE(sd.sacl.has_value());
  ASSERT_EQ(sd.sacl->aces.size(), 2u);
  const auto& label = BodyOf<SystemMandatoryLabelAce>(sd.sacl->aces[0]);
  EXPECT_EQ(label.mask, MandatoryLabelPolicy::kSystemMandatoryLabelNoWriteUp);
  EXPECT_EQ(SidString(label.sid), "S-1-16-8192");
  EXPECT_EQ(sd.sacl->aces[1].ace_flags, AceFlags::kFailedAccessAceFlag);
  EXPECT_EQ(BodyOf<SystemAuditAce>(sd.sacl->aces[1]).mask, AccessMask::kFileWriteData);
  ASSERT_TRUE(sd.dacl.has_value());
  ASSERT_EQ(sd.dacl->aces.size(), 1u);
  EXPECT_EQ(sd.dacl->aces[0].ace_flags,
            AceFlags::kObjectInheritAce | AceFlags::kContainerInheritAce);
  ExpectPrefixesFail<SecurityDescriptor>(bytes);
}

TEST(DtypTest, DescriptorWithoutParts) {
  // Asking for nothing: only the header, every offset 0. SE_DACL_PRESENT
  // with OffsetDacl 0 is a NULL DACL: no dacl, and the flag kept as given.
  const std::vector<uint8_t> bytes =
      FromHex("01000480" "00000000" "00000000" "00000000" "00000000");
  const SecurityDescriptor sd = ExpectStructRoundTrip<SecurityDescriptor>(bytes);
  EXPECT_EQ(sd.control, SecurityDescriptorControl::kSeDaclPresent |
                            SecurityDescriptorControl::kSeSelfRelative);
  EXPECT_FALSE(sd.owner.has_value());
  EXPECT_FALSE(sd.group.has_value());
  EXPECT_FALSE(sd.sacl.has_value());
  EXPECT_FALSE(sd.dacl.has_value());
  ExpectPrefixesFail<SecurityDescriptor>(bytes);
  std::vector<uint8_t> bad = bytes;
  bad[0] = 2;
  EXPECT_NE(DecodeError<SecurityDescriptor>(bad).find("SecurityDescriptor.revision"),
            std::string::npos);
  // Bytes after a descriptor with no parts belong to nothing.
  std::vector<uint8_t> longer = bytes;
  longer.push_back(0);
  EXPECT_NE(DecodeError<SecurityDescriptor>(longer).find("unexpected bytes"),
            std::string::npos);
}

TEST(DtypTest, EmptyAclIsNotAbsent) {
  // An empty DACL (AceCount 0, AclSize 8) denies everyone: it is present.
  const std::vector<uint8_t> bytes = FromHex(
      "01000480" "00000000" "00000000" "00000000" "14000000"
      "02000800" "00000000");
  const SecurityDescriptor sd = ExpectStructRoundTrip<SecurityDescriptor>(bytes);
  ASSERT_TRUE(sd.dacl.has_value());
  EXPECT_TRUE(sd.dacl->aces.empty());
}

TEST(DtypTest, SidLimitsAreEnforced) {
  const std::vector<uint8_t> everyone = FromHex("010100000000000100000000");
  ExpectPrefixesFail<Sid>(everyone);

  // SubAuthorityCount 16: more than MS-DTYP's 15.
  std::string sixteen = "0110000000000005";
  for (int i = 0; i < 16; ++i) sixteen += "01000000";
  EXPECT_NE(DecodeError<Sid>(FromHex(sixteen)).find("Sid.sub_authority"),
            std::string::npos);

  // SubAuthorityCount 5 with two sub-authorities.
  EXPECT_NE(DecodeError<Sid>(FromHex("0105000000000005" "15000000" "e8030000"))
                .find("Sid.sub_authority"),
            std::string::npos);

  // Revision 2.
  EXPECT_NE(DecodeError<Sid>(FromHex("020100000000000100000000")).find("Sid.revision"),
            std::string::npos);
}

TEST(DtypTest, AceSizeBeyondTheSidIsKept) {
  // AceSize may exceed the fields (MS-DTYP 2.4.4.1): 24 bytes, 4 of slack.
  const std::vector<uint8_t> bytes = FromHex(
      "01" "03" "1800" "00000100"  // deny DELETE, object+container inherit
      "010100000000000100000000" "00000000");
  const Ace ace = ExpectStructRoundTrip<Ace>(bytes);
  EXPECT_EQ(ace.ace_flags,
            AceFlags::kObjectInheritAce | AceFlags::kContainerInheritAce);
  const auto& denied = BodyOf<AccessDeniedAce>(ace);
  EXPECT_EQ(denied.mask, AccessMask::kDelete);
  EXPECT_EQ(ToHex(denied.trailing), "00000000");
}

TEST(DtypTest, ObjectAcesCarryOptionalGuids) {
  const std::string sid = "010100000000000100000000";
  const std::string object_type = "7f7a96bf e6 0d d0 11 a2 85 00aa003049e2";
  const std::string inherited = "14cc28483714bc459b07ad6f015e5f28";
  // Both GUIDs present (Flags 3): 4 + 4 + 4 + 16 + 16 + 12 = 56 bytes.
  const Ace a = ExpectStructRoundTrip<Ace>(Kept(FromHex(
      "05" "00" "3800" "30000000" "03000000" + object_type + inherited + sid)));
  const auto& allowed = BodyOf<AccessAllowedObjectAce>(a);
  EXPECT_EQ(allowed.flags, ObjectAceFlags::kAceObjectTypePresent |
                               ObjectAceFlags::kAceInheritedObjectTypePresent);
  EXPECT_EQ(allowed.object_type.ToString(), "bf967a7f-0de6-11d0-a285-00aa003049e2");
  EXPECT_EQ(allowed.inherited_object_type.ToString(),
            "4828cc14-1437-45bc-9b07-ad6f015e5f28");
  EXPECT_EQ(SidString(allowed.sid), "S-1-1-0");

  // Only InheritedObjectType (Flags 2): it follows Flags directly.
  const Ace d = ExpectStructRoundTrip<Ace>(Kept(FromHex(
      "06" "02" "2800" "10000000" "02000000" + inherited + sid)));
  const auto& denied = BodyOf<AccessDeniedObjectAce>(d);
  EXPECT_EQ(denied.object_type, Guid{});
  EXPECT_EQ(denied.inherited_object_type.ToString(),
            "4828cc14-1437-45bc-9b07-ad6f015e5f28");

  // Neither (Flags 0): the SID follows Flags.
  const Ace audit = ExpectStructRoundTrip<Ace>(
      Kept(FromHex("07" "c0" "1800" "00000100" "00000000" + sid)));
  EXPECT_EQ(audit.ace_flags,
            AceFlags::kSuccessfulAccessAceFlag | AceFlags::kFailedAccessAceFlag);
  EXPECT_TRUE(BodyOf<SystemAuditObjectAce>(audit).application_data.empty());

  // A callback object ACE: ObjectType, then the SID, then "artx".
  // Decoded byte fields are views: keep the bytes alive while using them.
  const std::vector<uint8_t> callback_bytes = FromHex(
      "0b" "00" "2c00" "30000000" "01000000" + object_type + sid + "61727478");
  const Ace callback = ExpectStructRoundTrip<Ace>(callback_bytes);
  const auto& callback_body = BodyOf<AccessAllowedCallbackObjectAce>(callback);
  EXPECT_EQ(callback_body.object_type.ToString(), "bf967a7f-0de6-11d0-a285-00aa003049e2");
  EXPECT_EQ(ToHex(callback_body.application_data), "61727478");
}

TEST(DtypTest, CallbackAceKeepsApplicationData) {
  // A conditional ACE: "artx" then the expression's bytes, up to AceSize 28.
  const Ace ace = ExpectStructRoundTrip<Ace>(Kept(FromHex(
      "09" "00" "1c00" "a9001200" "010100000000000100000000"
      "61727478" "00000000")));
  const auto& callback = BodyOf<AccessAllowedCallbackAce>(ace);
  ASSERT_EQ(callback.application_data.size(), 8u);
  EXPECT_EQ(std::string(callback.application_data.begin(),
                        callback.application_data.begin() + 4),
            "artx");
  ExpectStructRoundTrip<Ace>(Kept(FromHex(
      "0a" "00" "1c00" "a9001200" "010100000000000100000000" "6172747800000000")));
  // SYSTEM_AUDIT_CALLBACK_ACE.
  EXPECT_TRUE(std::holds_alternative<SystemAuditCallbackAce>(
      ExpectStructRoundTrip<Ace>(Kept(FromHex("0d" "c0" "1800" "02000000"
                                         "010100000000000100000000" "61727478")))
          .body));
}

TEST(DtypTest, MandatoryLabelScopeAndAttributeAces) {
  // Medium integrity (S-1-16-8192), no write up.
  const Ace label = ExpectStructRoundTrip<Ace>(
      Kept(FromHex("11" "00" "1400" "01000000" "010100000000001000200000")));
  const auto& mandatory = BodyOf<SystemMandatoryLabelAce>(label);
  EXPECT_EQ(mandatory.mask, MandatoryLabelPolicy::kSystemMandatoryLabelNoWriteUp);
  EXPECT_EQ(SidString(mandatory.sid), "S-1-16-8192");

  ExpectStructRoundTrip<Ace>(
      Kept(FromHex("13" "00" "1400" "00000000" "010100000000000100000000")));

  // A resource attribute: Everyone, then 8 bytes of claim data kept whole.
  const Ace attribute = ExpectStructRoundTrip<Ace>(Kept(FromHex(
      "12" "00" "1c00" "00000000" "010100000000000100000000"
      "1400000000000000")));
  EXPECT_EQ(BodyOf<SystemResourceAttributeAce>(attribute).attribute_data.size(), 8u);
}

TEST(DtypTest, UnknownAceTypeStaysRaw) {
  // SYSTEM_ALARM_ACE (reserved): no case, its body kept as bytes.
  const std::vector<uint8_t> bytes =
      FromHex("03" "00" "1400" "89001200" "010100000000000100000000");
  const Ace ace = ExpectStructRoundTrip<Ace>(bytes);
  const RawAceBody* raw = std::get_if<RawAceBody>(&ace.body);
  ASSERT_NE(raw, nullptr);
  EXPECT_EQ(raw->type, AceType::kSystemAlarmAceType);
  EXPECT_EQ(raw->bytes.size(), 16u);

  // A raw body of a type that has its own structure would not decode back
  // as raw: the encoder refuses it.
  const Ace wrong{.body = RawAceBody{.type = AceType::kAccessAllowedAceType,
                                     .bytes = raw->bytes}};
  EXPECT_FALSE(wrong.EncodeToVector().ok());
}

// ------------------------------------------------------------- hostile

TEST(DtypHostileTest, AceCountBeyondTheAcl) {
  // AceCount 2, AclSize 28: room for one 20-byte ACE only.
  const std::vector<uint8_t> bytes = FromHex(
      "02001c00" "02000000" "00001400" "89001200" "010100000000000100000000");
  const std::string error = DecodeError<Acl>(bytes);
  EXPECT_NE(error.find("Acl.aces"), std::string::npos) << error;
  EXPECT_NE(error.find("Ace.ace_size"), std::string::npos) << error;
}

TEST(DtypHostileTest, AceSizeSmallerThanItsHeader) {
  // AceSize 2: less than the 4-byte ACE_HEADER.
  std::string error = DecodeError<Acl>(FromHex(
      "02001c00" "01000000" "00000200" "89001200" "010100000000000100000000"));
  EXPECT_NE(error.find("Ace.ace_size"), std::string::npos) << error;
  EXPECT_NE(error.find("smaller than"), std::string::npos) << error;
  // AceSize 6: a header, but a cut access mask.
  error = DecodeError<Ace>(FromHex("00000600" "8900"));
  EXPECT_NE(error.find("AccessAllowedAce.mask"), std::string::npos) << error;
  // AceSize 16: the SID cut inside the ACE.
  error = DecodeError<Ace>(FromHex("00001000" "89001200" "0101000000000001"));
  EXPECT_NE(error.find("AccessAllowedAce.sid"), std::string::npos) << error;
}

TEST(DtypHostileTest, AceRunsPastTheAcl) {
  // AceSize 24 in an ACL of AclSize 28: 4 bytes past it (the bytes are
  // there, in the descriptor, but outside the ACL).
  const std::vector<uint8_t> bytes = FromHex(
      "01000480" "00000000" "00000000" "00000000" "14000000"
      "02001c00" "01000000" "00001800" "89001200" "010100000000000100000000"
      "00000000");
  const std::string error = DecodeError<SecurityDescriptor>(bytes);
  EXPECT_NE(error.find("SecurityDescriptor.dacl"), std::string::npos) << error;
  EXPECT_NE(error.find("Ace.ace_size"), std::string::npos) << error;
}

TEST(DtypHostileTest, AclSizeWrong) {
  // AclSize 2 (it does not even cover itself) and 6 (it cuts Sbz2): less
  // than the 8-byte ACL header.
  for (const char* hex : {"02000200" "00000000", "02000600" "00000000"}) {
    const std::string error = DecodeError<Acl>(FromHex(hex));
    EXPECT_NE(error.find("Acl.acl_size"), std::string::npos) << error;
    EXPECT_NE(error.find("smaller than"), std::string::npos) << error;
  }
  // AclSize 0x100 in 28 bytes.
  const std::string error = DecodeError<Acl>(FromHex(
      "02000001" "01000000" "00001400" "89001200" "010100000000000100000000"));
  EXPECT_NE(error.find("Acl.acl_size"), std::string::npos) << error;
  // AclSize 32 with one 20-byte ACE: the 4 bytes left are kept, not lost.
  const Acl acl = ExpectStructRoundTrip<Acl>(Kept(FromHex(
      "02002000" "01000000" "00001400" "89001200" "010100000000000100000000"
      "00000000")));
  EXPECT_EQ(ToHex(acl.unused), "00000000");
}

TEST(DtypHostileTest, DescriptorOffsetsOutside) {
  std::vector<uint8_t> bytes = kFileDescriptor;
  bytes[4] = 0xff;  // OffsetOwner 0xff: past the 152 bytes
  std::string error = DecodeError<SecurityDescriptor>(bytes);
  EXPECT_NE(error.find("SecurityDescriptor.owner"), std::string::npos) << error;

  bytes = kFileDescriptor;
  bytes[16] = 0x98;  // OffsetDacl 152: the end, nothing there
  error = DecodeError<SecurityDescriptor>(bytes);
  EXPECT_NE(error.find("SecurityDescriptor.dacl"), std::string::npos) << error;

  bytes = kFileDescriptor;
  bytes[15] = 0x80;  // OffsetSacl 0x80000000
  error = DecodeError<SecurityDescriptor>(bytes);
  EXPECT_NE(error.find("SecurityDescriptor.sacl"), std::string::npos) << error;

  bytes = kFileDescriptor;
  bytes[8] = 0x90;  // OffsetGroup 144: a SID that claims 1 sub-authority, cut
  error = DecodeError<SecurityDescriptor>(bytes);
  EXPECT_NE(error.find("SecurityDescriptor.group"), std::string::npos) << error;
}

}  // namespace
}  // namespace smb::proto
