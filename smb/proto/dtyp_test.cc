// MS-DTYP security types (spec/dtyp.yaml): SID, ACL, ACEs and the
// self-relative security descriptor.
//
// The descriptors are real: the OutputBuffers of QUERY_INFO (InfoType
// SECURITY, AdditionalInformation OWNER|GROUP|DACL) that Samba 4.17.12 smbd
// returned on loopback to `smbcacls //127.0.0.1/data report.txt` and `... dir1`
// (smbcacls 4.17.12), captured with dumpcap for this test (frames 287, 383).
// Samba maps the POSIX owner, group and mode to them: owner
// S-1-5-21-...-1000 (the local user), group S-1-22-2-994 (Unix group), and
// allow ACEs for both and for Everyone. The other ACE types are hand-built
// field by field from MS-DTYP 2.4.4.

#include <cstdint>
#include <string>
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

// A SID at `offset` of a descriptor, decoded from exactly its bytes.
Sid SidAt(absl::Span<const uint8_t> descriptor, uint32_t offset) {
  EXPECT_LT(offset + 1u, descriptor.size());
  if (offset + 1u >= descriptor.size()) return Sid{};
  const size_t size = 8 + 4 * size_t{descriptor[offset + 1]};
  return ExpectStructRoundTrip<Sid>(descriptor.subspan(offset, size));
}

// An ACL at `offset`, decoded from exactly its AclSize bytes.
Acl AclAt(absl::Span<const uint8_t> descriptor, uint32_t offset) {
  absl::StatusOr<Acl> header = Acl::Decode(descriptor.subspan(offset));
  EXPECT_TRUE(header.ok()) << header.status();
  if (!header.ok()) return Acl{};
  return ExpectStructRoundTrip<Acl>(descriptor.subspan(offset, header->acl_size));
}

// The ACEs of an ACL, each decoded from its AceSize bytes.
std::vector<Ace> AcesOf(const Acl& acl) {
  std::vector<Ace> aces;
  size_t at = 0;
  for (int i = 0; i < acl.ace_count; ++i) {
    absl::StatusOr<AceHeader> header = AceHeader::Decode(acl.aces.subspan(at));
    EXPECT_TRUE(header.ok()) << header.status();
    if (!header.ok()) break;
    absl::StatusOr<Ace> ace =
        DecodeAce(header->ace_type, acl.aces.subspan(at, header->ace_size));
    EXPECT_TRUE(ace.ok()) << ace.status();
    if (!ace.ok()) break;
    absl::StatusOr<std::vector<uint8_t>> encoded = EncodeAce(*ace);
    EXPECT_TRUE(encoded.ok()) << encoded.status();
    if (encoded.ok()) {
      EXPECT_EQ(testing::ToHex(*encoded),
                testing::ToHex(acl.aces.subspan(at, header->ace_size)));
    }
    aces.push_back(*ace);
    at += header->ace_size;
  }
  EXPECT_EQ(at, acl.aces.size()) << "the ACEs fill the ACL";
  return aces;
}

constexpr char kOwner[] = "S-1-5-21-2817404350-1889067486-2266806353-1000";

TEST(DtypTest, SambaFileSecurityDescriptor) {
  const SecurityDescriptor sd =
      ExpectStructRoundTrip<SecurityDescriptor>(kFileDescriptor);
  EXPECT_EQ(sd.control, SecurityDescriptorControl::kSeDaclPresent |
                            SecurityDescriptorControl::kSeDaclProtected |
                            SecurityDescriptorControl::kSeSelfRelative);
  EXPECT_EQ(sd.offset_owner, 20u);
  EXPECT_EQ(sd.offset_group, 48u);
  EXPECT_EQ(sd.offset_sacl, 0u);
  EXPECT_EQ(sd.offset_dacl, 64u);
  EXPECT_EQ(sd.parts.size(), kFileDescriptor.size() - 20);

  EXPECT_EQ(SidString(SidAt(kFileDescriptor, sd.offset_owner)), kOwner);
  EXPECT_EQ(SidString(SidAt(kFileDescriptor, sd.offset_group)), "S-1-22-2-994");

  const Acl dacl = AclAt(kFileDescriptor, sd.offset_dacl);
  EXPECT_EQ(dacl.acl_revision, AclRevision::kAclRevision);
  EXPECT_EQ(dacl.acl_size, 88);
  EXPECT_EQ(dacl.ace_count, 3);
  const std::vector<Ace> aces = AcesOf(dacl);
  ASSERT_EQ(aces.size(), 3u);
  const auto* owner = std::get_if<AccessAllowedAce>(&aces[0]);
  const auto* group = std::get_if<AccessAllowedAce>(&aces[1]);
  const auto* everyone = std::get_if<AccessAllowedAce>(&aces[2]);
  ASSERT_NE(owner, nullptr);
  ASSERT_NE(group, nullptr);
  ASSERT_NE(everyone, nullptr);
  EXPECT_EQ(owner->ace_size, 36);
  EXPECT_EQ(owner->ace_flags, AceFlags{});
  EXPECT_EQ(owner->mask, static_cast<AccessMask>(0x001e01ff));
  // Everything but DELETE on a file (deleting it is the directory's business).
  EXPECT_FALSE(HasFlags(owner->mask, AccessMask::kDelete));
  EXPECT_TRUE(HasFlags(owner->mask, AccessMask::kWriteDac |
                                        AccessMask::kWriteOwner |
                                        AccessMask::kFileWriteData));
  EXPECT_EQ(SidString(owner->sid), kOwner);
  EXPECT_EQ(group->mask, AccessMask::kFileReadData | AccessMask::kFileReadEa |
                             AccessMask::kFileReadAttributes |
                             AccessMask::kReadControl | AccessMask::kSynchronize);
  EXPECT_EQ(SidString(group->sid), "S-1-22-2-994");
  EXPECT_EQ(SidString(everyone->sid), "S-1-1-0");
  EXPECT_EQ(everyone->ace_size, 20);
  EXPECT_TRUE(everyone->trailing.empty());
}

TEST(DtypTest, SambaDirectorySecurityDescriptor) {
  const SecurityDescriptor sd =
      ExpectStructRoundTrip<SecurityDescriptor>(kDirectoryDescriptor);
  const std::vector<Ace> aces = AcesOf(AclAt(kDirectoryDescriptor, sd.offset_dacl));
  ASSERT_EQ(aces.size(), 3u);
  const auto* owner = std::get_if<AccessAllowedAce>(&aces[0]);
  ASSERT_NE(owner, nullptr);
  EXPECT_EQ(owner->mask, static_cast<AccessMask>(0x001f01ff));
  EXPECT_TRUE(HasFlags(owner->mask, AccessMask::kDelete));
  const auto* everyone = std::get_if<AccessAllowedAce>(&aces[2]);
  ASSERT_NE(everyone, nullptr);
  EXPECT_TRUE(HasFlags(everyone->mask, AccessMask::kFileExecute));
}

TEST(DtypTest, DescriptorWithoutParts) {
  // Asking for nothing: only the header, every offset 0.
  const std::vector<uint8_t> bytes =
      FromHex("01000080" "00000000" "00000000" "00000000" "00000000");
  const SecurityDescriptor sd = ExpectStructRoundTrip<SecurityDescriptor>(bytes);
  EXPECT_EQ(sd.control, SecurityDescriptorControl::kSeSelfRelative);
  EXPECT_TRUE(sd.parts.empty());
  ExpectPrefixesFail<SecurityDescriptor>(bytes);
  std::vector<uint8_t> bad = bytes;
  bad[0] = 2;
  absl::StatusOr<SecurityDescriptor> decoded = SecurityDescriptor::Decode(bad);
  ASSERT_FALSE(decoded.ok());
  EXPECT_NE(decoded.status().message().find("SecurityDescriptor.revision"),
            std::string::npos)
      << decoded.status();
}

TEST(DtypTest, SidLimitsAreEnforced) {
  const std::vector<uint8_t> everyone = FromHex("010100000000000100000000");
  ExpectPrefixesFail<Sid>(everyone);

  // SubAuthorityCount 16: more than MS-DTYP's 15.
  std::string sixteen = "0110000000000005";
  for (int i = 0; i < 16; ++i) sixteen += "01000000";
  absl::StatusOr<Sid> decoded = Sid::Decode(FromHex(sixteen));
  ASSERT_FALSE(decoded.ok());
  EXPECT_NE(decoded.status().message().find("Sid.sub_authority"),
            std::string::npos)
      << decoded.status();

  // SubAuthorityCount 5 with two sub-authorities.
  decoded = Sid::Decode(FromHex("0105000000000005" "15000000" "e8030000"));
  ASSERT_FALSE(decoded.ok());
  EXPECT_NE(decoded.status().message().find("Sid.sub_authority"),
            std::string::npos)
      << decoded.status();

  // Revision 2.
  decoded = Sid::Decode(FromHex("020100000000000100000000"));
  ASSERT_FALSE(decoded.ok());
  EXPECT_NE(decoded.status().message().find("Sid.revision"), std::string::npos)
      << decoded.status();
}

TEST(DtypTest, AceHeaderAndTypeChecks) {
  const std::vector<uint8_t> ace = FromHex(
      "00001400" "89001200" "010100000000000100000000");
  const AceHeader header = ExpectStructRoundTrip<AceHeader>(absl::MakeConstSpan(ace).first(4));
  EXPECT_EQ(header.ace_type, AceType::kAccessAllowedAceType);
  EXPECT_EQ(header.ace_size, 20);
  ExpectPrefixesFail<AceHeader>(absl::MakeConstSpan(ace).first(4));

  // An ACCESS_ALLOWED_ACE handed to the ACCESS_DENIED_ACE case.
  absl::StatusOr<Ace> wrong = DecodeAce(AceType::kAccessDeniedAceType, ace);
  ASSERT_FALSE(wrong.ok());
  EXPECT_NE(wrong.status().message().find("AccessDeniedAce.ace_type"),
            std::string::npos)
      << wrong.status();

  // A cut SID inside the ACE.
  std::vector<uint8_t> cut(ace.begin(), ace.end() - 2);
  absl::StatusOr<Ace> truncated = DecodeAce(AceType::kAccessAllowedAceType, cut);
  ASSERT_FALSE(truncated.ok());
  EXPECT_NE(truncated.status().message().find("AccessAllowedAce.sid"),
            std::string::npos)
      << truncated.status();

  // Types without a case stay raw.
  absl::StatusOr<Ace> raw =
      DecodeAce(AceType::kSystemResourceAttributeAceType, ace);
  ASSERT_TRUE(raw.ok()) << raw.status();
  EXPECT_NE(std::get_if<RawAce>(&*raw), nullptr);
}

TEST(DtypTest, AceSizeBeyondTheSidIsKept) {
  // AceSize may exceed the fields (MS-DTYP 2.4.4.1): 24 bytes, 4 of slack.
  const std::vector<uint8_t> ace = FromHex(
      "01" "03" "1800" "00000100"  // deny DELETE, object+container inherit
      "010100000000000100000000" "00000000");
  const AccessDeniedAce denied = ExpectStructRoundTrip<AccessDeniedAce>(ace);
  EXPECT_EQ(denied.ace_flags, AceFlags::kObjectInheritAce |
                                  AceFlags::kContainerInheritAce);
  EXPECT_EQ(denied.mask, AccessMask::kDelete);
  EXPECT_EQ(denied.trailing.size(), 4u);
}

TEST(DtypTest, ObjectAcesCarryOptionalGuids) {
  const std::string sid = "010100000000000100000000";
  const std::string object_type = "7f7a96bf e6 0d d0 11 a2 85 00aa003049e2";
  const std::string inherited = "14cc28483714bc459b07ad6f015e5f28";
  // Both GUIDs present (Flags 3): 4 + 4 + 4 + 16 + 16 + 12 = 56 bytes.
  const std::vector<uint8_t> both = FromHex(
      "05" "00" "3800" "30000000" "03000000" + object_type + inherited + sid);
  const AccessAllowedObjectAce a =
      ExpectStructRoundTrip<AccessAllowedObjectAce>(both);
  EXPECT_EQ(a.flags, ObjectAceFlags::kAceObjectTypePresent |
                         ObjectAceFlags::kAceInheritedObjectTypePresent);
  EXPECT_EQ(a.object_type.ToString(), "bf967a7f-0de6-11d0-a285-00aa003049e2");
  EXPECT_EQ(a.inherited_object_type.ToString(),
            "4828cc14-1437-45bc-9b07-ad6f015e5f28");
  EXPECT_EQ(SidString(a.sid), "S-1-1-0");

  // Only InheritedObjectType (Flags 2): it follows Flags directly.
  const std::vector<uint8_t> inherited_only = FromHex(
      "06" "02" "2800" "10000000" "02000000" + inherited + sid);
  const AccessDeniedObjectAce d =
      ExpectStructRoundTrip<AccessDeniedObjectAce>(inherited_only);
  EXPECT_EQ(d.object_type, Guid{});
  EXPECT_EQ(d.inherited_object_type.ToString(),
            "4828cc14-1437-45bc-9b07-ad6f015e5f28");

  // Neither (Flags 0): the SID follows Flags.
  const std::vector<uint8_t> neither =
      FromHex("07" "c0" "1800" "00000100" "00000000" + sid);
  absl::StatusOr<Ace> audit = DecodeAce(AceType::kSystemAuditObjectAceType, neither);
  ASSERT_TRUE(audit.ok()) << audit.status();
  const auto* audit_ace = std::get_if<SystemAuditObjectAce>(&*audit);
  ASSERT_NE(audit_ace, nullptr);
  EXPECT_EQ(audit_ace->ace_flags, AceFlags::kSuccessfulAccessAceFlag |
                                      AceFlags::kFailedAccessAceFlag);
  EXPECT_TRUE(audit_ace->application_data.empty());
}

TEST(DtypTest, CallbackAceKeepsApplicationData) {
  // A conditional ACE: "artx" then the expression's bytes, up to AceSize 28.
  const std::vector<uint8_t> ace = FromHex(
      "09" "00" "1c00" "a9001200" "010100000000000100000000"
      "61727478" "00000000");
  absl::StatusOr<Ace> decoded = DecodeAce(AceType::kAccessAllowedCallbackAceType, ace);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  const auto* callback = std::get_if<AccessAllowedCallbackAce>(&*decoded);
  ASSERT_NE(callback, nullptr);
  ASSERT_EQ(callback->application_data.size(), 8u);
  EXPECT_EQ(std::string(callback->application_data.begin(),
                        callback->application_data.begin() + 4),
            "artx");
  ExpectStructRoundTrip<AccessAllowedCallbackAce>(ace);
  ExpectStructRoundTrip<AccessDeniedCallbackAce>(FromHex(
      "0a" "00" "1c00" "a9001200" "010100000000000100000000" "6172747800000000"));
}

TEST(DtypTest, MandatoryLabelAndAuditAces) {
  // Medium integrity (S-1-16-8192), no write up.
  const std::vector<uint8_t> label =
      FromHex("11" "00" "1400" "01000000" "010100000000001000200000");
  absl::StatusOr<Ace> decoded = DecodeAce(AceType::kSystemMandatoryLabelAceType, label);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  const auto* mandatory = std::get_if<SystemMandatoryLabelAce>(&*decoded);
  ASSERT_NE(mandatory, nullptr);
  EXPECT_EQ(mandatory->mask, MandatoryLabelPolicy::kSystemMandatoryLabelNoWriteUp);
  EXPECT_EQ(SidString(mandatory->sid), "S-1-16-8192");
  ExpectStructRoundTrip<SystemMandatoryLabelAce>(label);

  // Audit failed writes by Everyone.
  const std::vector<uint8_t> audit =
      FromHex("02" "80" "1400" "02000000" "010100000000000100000000");
  const SystemAuditAce audit_ace = ExpectStructRoundTrip<SystemAuditAce>(audit);
  EXPECT_EQ(audit_ace.ace_flags, AceFlags::kFailedAccessAceFlag);
  EXPECT_EQ(audit_ace.mask, AccessMask::kFileWriteData);

  ExpectStructRoundTrip<SystemScopedPolicyIdAce>(
      FromHex("13" "00" "1400" "00000000" "010100000000000100000000"));
}

TEST(DtypTest, SaclWithMandatoryLabel) {
  // An ACL revision 2 holding one label ACE: AclSize 8 + 20.
  const std::vector<uint8_t> bytes = FromHex(
      "02" "00" "1c00" "0100" "0000"
      "11" "00" "1400" "01000000" "010100000000001000200000");
  const Acl sacl = ExpectStructRoundTrip<Acl>(bytes);
  EXPECT_EQ(sacl.acl_size, 28);
  const std::vector<Ace> aces = AcesOf(sacl);
  ASSERT_EQ(aces.size(), 1u);
  EXPECT_NE(std::get_if<SystemMandatoryLabelAce>(&aces[0]), nullptr);
}

}  // namespace
}  // namespace smb::proto
