// MS-FSCC 2.4 file and 2.5 file system information classes
// (spec/fscc/file_info.yaml, spec/fscc/fs_info.yaml): QUERY_INFO output
// buffers and SET_INFO buffers from real servers and clients, and hand-built
// classes no capture has.
//
// Real bytes (the QUERY_INFO OutputBuffer or SET_INFO Buffer, sliced by its
// offset and length from the SMB2 header):
//  - Samba 4.17 / smbclient: shared/testdata/pcaps/samba/
//    a-smb311-default-fileops.pcapng frames 31, 47, 54, 72;
//  - Windows: shared/testdata/pcaps/zeek/smb2.pcap frames 29, 36, 1162;
//    zeek/smb2readwrite.pcap frames 4, 6; zeek/smb2_krb.pcap frame 25;
//  - Samba 4.17.12 smbd on loopback driven by smbclient 4.17.12 (allinfo,
//    altname, volume, setmode, hardlink, rename), captured with dumpcap for
//    these tests: frames 23, 29, 35, 53, 116, 158, 164 of that capture.

#include <cstdint>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "smb/proto/messages.h"
#include "smb/proto/testing/message_test_util.h"

namespace smb::proto {
namespace {

using testing::ExpectChainPrefixesFail;
using testing::ExpectPrefixesFail;
using testing::ExpectStructRoundTrip;
using testing::FromHex;

template <typename T>
T DecodeFileAs(FileInformationClass type, const std::vector<uint8_t>& bytes) {
  absl::StatusOr<FileInformation> info = DecodeFileInformation(type, bytes);
  EXPECT_TRUE(info.ok()) << info.status();
  if (!info.ok()) return T{};
  const T* value = std::get_if<T>(&*info);
  EXPECT_NE(value, nullptr) << T::kName << " expected";
  return value == nullptr ? T{} : *value;
}

template <typename T>
T DecodeFsAs(FsInformationClass type, const std::vector<uint8_t>& bytes) {
  absl::StatusOr<FsInformation> info = DecodeFsInformation(type, bytes);
  EXPECT_TRUE(info.ok()) << info.status();
  if (!info.ok()) return T{};
  const T* value = std::get_if<T>(&*info);
  EXPECT_NE(value, nullptr) << T::kName << " expected";
  return value == nullptr ? T{} : *value;
}

// ------------------------------------------------------------ file classes

// Samba's FileAllInformation for \testdir\small.txt (1000 bytes).
const std::vector<uint8_t> kSambaAllInformation = FromHex(
    "0f7aecc51c7fdd01"                  // CreationTime
    "0f7aecc51c7fdd01"                  // LastAccessTime
    "3ebfecc51c7fdd01"                  // LastWriteTime
    "3ebfecc51c7fdd01"                  // ChangeTime
    "20000000" "00000000"               // FileAttributes ARCHIVE, Reserved
    "0010000000000000"                  // AllocationSize 4096
    "e803000000000000"                  // EndOfFile 1000
    "01000000" "00" "00" "0000"         // NumberOfLinks, DeletePending, Directory
    "d360a70000000000"                  // IndexNumber
    "00000000"                          // EaSize
    "89001200"                          // AccessFlags
    "0000000000000000"                  // CurrentByteOffset
    "00000000"                          // Mode
    "00000000"                          // AlignmentRequirement
    "24000000"                          // FileNameLength 36
    "5c0074006500730074006400690072005c0073006d0061006c006c002e00"
    "740078007400");

TEST(FsccInfoTest, SambaAllInformation) {
  const FileAllInformation all = ExpectStructRoundTrip<FileAllInformation>(
      kSambaAllInformation);
  EXPECT_EQ(all.basic_information.file_attributes, FileAttributes::kArchive);
  EXPECT_EQ(all.basic_information.creation_time.ticks, 0x01dd7f1cc5ec7a0fu);
  EXPECT_EQ(all.standard_information.end_of_file, 1000);
  EXPECT_EQ(all.standard_information.allocation_size, 4096);
  EXPECT_EQ(all.standard_information.number_of_links, 1u);
  EXPECT_EQ(all.standard_information.directory, 0);
  EXPECT_EQ(all.internal_information.index_number, 0xa760d3);
  EXPECT_EQ(all.access_information.access_flags,
            AccessMask::kFileReadData | AccessMask::kFileReadEa |
                AccessMask::kFileReadAttributes | AccessMask::kReadControl |
                AccessMask::kSynchronize);
  EXPECT_EQ(all.name_information.file_name, u"\\testdir\\small.txt");
  ExpectPrefixesFail<FileAllInformation>(kSambaAllInformation);

  const FileAllInformation by_class = DecodeFileAs<FileAllInformation>(
      FileInformationClass::kFileAllInformation, kSambaAllInformation);
  EXPECT_EQ(by_class, all);
}

TEST(FsccInfoTest, SambaAllInformationOfAHardLinkedFile) {
  const std::vector<uint8_t> bytes = FromHex(
      "f9bc139f247fdd01f9bc139f247fdd01"
      "82e9139f247fdd0182e9139f247fdd01"
      "20000000000000000010000000000000"
      "0a000000000000000200000000000000"  // EndOfFile 10, NumberOfLinks 2
      "1661a700000000000000000080000000"  // AccessFlags FILE_READ_ATTRIBUTES
      "00000000000000002000000000000000"  // Mode FILE_SYNCHRONOUS_IO_NONALERT
      "160000005c007200650070006f007200"
      "74002e00740078007400");
  const FileAllInformation all = DecodeFileAs<FileAllInformation>(
      FileInformationClass::kFileAllInformation, bytes);
  EXPECT_EQ(all.standard_information.number_of_links, 2u);
  EXPECT_EQ(all.standard_information.end_of_file, 10);
  EXPECT_EQ(all.internal_information.index_number, 0xa76116);
  EXPECT_EQ(all.access_information.access_flags, AccessMask::kFileReadAttributes);
  EXPECT_EQ(all.mode_information.mode, FileMode::kFileSynchronousIoNonalert);
  EXPECT_EQ(all.name_information.file_name, u"\\report.txt");
  ExpectStructRoundTrip<FileAllInformation>(bytes);
}

TEST(FsccInfoTest, WindowsStandardInformation) {
  const std::vector<uint8_t> bytes = FromHex(
      "0010000000000000"  // AllocationSize 4096
      "0000000000000000"  // EndOfFile 0
      "01000000"          // NumberOfLinks
      "01"                // DeletePending
      "00" "0000");       // Directory, Reserved
  const FileStandardInformation standard =
      DecodeFileAs<FileStandardInformation>(
          FileInformationClass::kFileStandardInformation, bytes);
  EXPECT_EQ(standard.allocation_size, 4096);
  EXPECT_EQ(standard.delete_pending, 1);
  ExpectStructRoundTrip<FileStandardInformation>(bytes);
  ExpectPrefixesFail<FileStandardInformation>(bytes);
}

TEST(FsccInfoTest, EaInformation) {
  const std::vector<uint8_t> bytes = FromHex("00000000");
  EXPECT_EQ(DecodeFileAs<FileEaInformation>(
                FileInformationClass::kFileEaInformation, bytes).ea_size, 0u);
  ExpectStructRoundTrip<FileEaInformation>(bytes);
}

TEST(FsccInfoTest, SambaAlternateName) {
  const std::vector<uint8_t> bytes = FromHex(
      "14000000" "7200650070006f00720074002e00740078007400");
  const FileAlternateNameInformation alt =
      DecodeFileAs<FileAlternateNameInformation>(
          FileInformationClass::kFileAlternateNameInformation, bytes);
  EXPECT_EQ(alt.file_name, u"report.txt");
  ExpectStructRoundTrip<FileAlternateNameInformation>(bytes);
  ExpectPrefixesFail<FileAlternateNameInformation>(bytes);
}

TEST(FsccInfoTest, SambaStreamInformation) {
  const std::vector<uint8_t> bytes = FromHex(
      "00000000"          // NextEntryOffset: one stream
      "0e000000"          // StreamNameLength 14
      "0a00000000000000"  // StreamSize 10
      "0010000000000000"  // StreamAllocationSize 4096
      "3a003a0024004400410054004100");  // "::$DATA"
  absl::StatusOr<FileInformation> info = DecodeFileInformation(
      FileInformationClass::kFileStreamInformation, bytes);
  ASSERT_TRUE(info.ok()) << info.status();
  const auto* streams = std::get_if<FileStreamInformationList>(&*info);
  ASSERT_NE(streams, nullptr);
  ASSERT_EQ(streams->entries.size(), 1u);
  EXPECT_EQ(streams->entries[0].stream_name, u"::$DATA");
  EXPECT_EQ(streams->entries[0].stream_size, 10);
  EXPECT_EQ(streams->entries[0].stream_allocation_size, 4096);
  ExpectStructRoundTrip<FileStreamInformationList>(bytes);
  ExpectChainPrefixesFail<FileStreamInformationList>(bytes);
}

TEST(FsccInfoTest, StreamChainIsEightByteAligned) {
  const std::vector<uint8_t> bytes = FromHex(
      "28000000" "0e000000" "0a00000000000000" "0010000000000000"
      "3a003a0024004400410054004100"      // "::$DATA": 38 bytes, 2 of padding
      "0000"
      "00000000" "10000000" "0300000000000000" "0000000000000000"
      "3a0065003a0024004400410054004100");  // ":e:$DATA"
  const FileStreamInformationList list =
      ExpectStructRoundTrip<FileStreamInformationList>(bytes);
  ASSERT_EQ(list.entries.size(), 2u);
  EXPECT_EQ(list.entries[1].stream_name, u":e:$DATA");
  EXPECT_EQ(list.entries[1].stream_size, 3);
}

// ------------------------------------------------------------ set classes

TEST(FsccInfoTest, SambaRenameAndLink) {
  // smbclient `rename small.txt testdir\renamed.txt`
  const std::vector<uint8_t> rename = FromHex(
      "00"                  // ReplaceIfExists
      "00000000000000"      // Reserved
      "0000000000000000"    // RootDirectory
      "26000000"            // FileNameLength 38
      "74006500730074006400690072005c00720065006e0061006d00650064002e00"
      "740078007400");
  const FileRenameInformation info = DecodeFileAs<FileRenameInformation>(
      FileInformationClass::kFileRenameInformation, rename);
  EXPECT_EQ(info.replace_if_exists, 0);
  EXPECT_EQ(info.root_directory, 0u);
  EXPECT_EQ(info.file_name, u"testdir\\renamed.txt");
  ExpectStructRoundTrip<FileRenameInformation>(rename);
  ExpectPrefixesFail<FileRenameInformation>(rename);

  // smbclient `hardlink report.txt link.txt`
  const std::vector<uint8_t> link = FromHex(
      "00000000000000000000000000000000"
      "120000005c006c0069006e006b002e00740078007400");
  const FileLinkInformation link_info = DecodeFileAs<FileLinkInformation>(
      FileInformationClass::kFileLinkInformation, link);
  EXPECT_EQ(link_info.file_name, u"\\link.txt");
  ExpectStructRoundTrip<FileLinkInformation>(link);
}

TEST(FsccInfoTest, SambaDisposition) {
  const std::vector<uint8_t> bytes = FromHex("01");
  EXPECT_EQ(DecodeFileAs<FileDispositionInformation>(
                FileInformationClass::kFileDispositionInformation, bytes)
                .delete_pending,
            1);
  ExpectStructRoundTrip<FileDispositionInformation>(bytes);
  EXPECT_FALSE(DecodeFileInformation(
                   FileInformationClass::kFileDispositionInformation, {})
                   .ok());
}

TEST(FsccInfoTest, SetBasicInformation) {
  // smbclient `setmode report.txt +r`: -1 leaves a time alone, 0 too.
  const std::vector<uint8_t> smbclient = FromHex(
      "ffffffffffffffff" "ffffffffffffffff" "0000000000000000" "ffffffffffffffff"
      "21000000" "00000000");
  const FileBasicInformation basic = DecodeFileAs<FileBasicInformation>(
      FileInformationClass::kFileBasicInformation, smbclient);
  EXPECT_EQ(basic.creation_time.ticks, ~uint64_t{0});
  EXPECT_EQ(basic.last_write_time.ticks, 0u);
  EXPECT_EQ(basic.file_attributes,
            FileAttributes::kReadonly | FileAttributes::kArchive);
  ExpectStructRoundTrip<FileBasicInformation>(smbclient);
  ExpectPrefixesFail<FileBasicInformation>(smbclient);

  // Windows setting only LastWriteTime.
  const std::vector<uint8_t> windows = FromHex(
      "0000000000000000" "0000000000000000" "086fce558a8ecc01" "0000000000000000"
      "00000000" "00000000");
  const FileBasicInformation set = ExpectStructRoundTrip<FileBasicInformation>(
      windows);
  EXPECT_EQ(set.last_write_time.ToString(), "2011-10-19T18:10:08.3125000Z");
  EXPECT_EQ(set.file_attributes, FileAttributes{});
}

TEST(FsccInfoTest, WindowsEndOfFile) {
  const std::vector<uint8_t> bytes = FromHex("4b06170000000000");
  EXPECT_EQ(DecodeFileAs<FileEndOfFileInformation>(
                FileInformationClass::kFileEndOfFileInformation, bytes)
                .end_of_file,
            1508939);
  ExpectStructRoundTrip<FileEndOfFileInformation>(bytes);
  ExpectPrefixesFail<FileEndOfFileInformation>(bytes);
}

TEST(FsccInfoTest, SignedSizes) {
  // LARGE_INTEGER fields are signed: all ones reads as -1.
  const std::vector<uint8_t> minus_one = FromHex("ffffffffffffffff");
  EXPECT_EQ(ExpectStructRoundTrip<FileAllocationInformation>(minus_one)
                .allocation_size,
            -1);
  EXPECT_EQ(ExpectStructRoundTrip<FileValidDataLengthInformation>(minus_one)
                .valid_data_length,
            -1);
  EXPECT_EQ(ExpectStructRoundTrip<FilePositionInformation>(minus_one)
                .current_byte_offset,
            -1);
}

// Classes no capture has, laid out field by field from MS-FSCC 2.4.

TEST(FsccInfoTest, HandBuiltQueryClasses) {
  const std::vector<uint8_t> network_open = FromHex(
      "0f7aecc51c7fdd01" "0f7aecc51c7fdd01" "3ebfecc51c7fdd01" "3ebfecc51c7fdd01"
      "0010000000000000"  // AllocationSize
      "e803000000000000"  // EndOfFile
      "20000000"          // ARCHIVE
      "00000000");        // Reserved
  const FileNetworkOpenInformation open =
      DecodeFileAs<FileNetworkOpenInformation>(
          FileInformationClass::kFileNetworkOpenInformation, network_open);
  EXPECT_EQ(open.end_of_file, 1000);
  EXPECT_EQ(open.allocation_size, 4096);
  EXPECT_EQ(open.file_attributes, FileAttributes::kArchive);
  ExpectStructRoundTrip<FileNetworkOpenInformation>(network_open);
  ExpectPrefixesFail<FileNetworkOpenInformation>(network_open);

  const std::vector<uint8_t> tag = FromHex("20040000" "0c0000a0");
  const FileAttributeTagInformation tag_info =
      DecodeFileAs<FileAttributeTagInformation>(
          FileInformationClass::kFileAttributeTagInformation, tag);
  EXPECT_EQ(tag_info.file_attributes,
            FileAttributes::kArchive | FileAttributes::kReparsePoint);
  EXPECT_EQ(tag_info.reparse_tag, 0xa000000cu);
  ExpectStructRoundTrip<FileAttributeTagInformation>(tag);

  EXPECT_EQ(DecodeFileAs<FileInternalInformation>(
                FileInformationClass::kFileInternalInformation,
                FromHex("d360a70000000000"))
                .index_number,
            0xa760d3);
  EXPECT_EQ(DecodeFileAs<FileModeInformation>(
                FileInformationClass::kFileModeInformation, FromHex("22000000"))
                .mode,
            FileMode::kFileWriteThrough | FileMode::kFileSynchronousIoNonalert);
  EXPECT_EQ(DecodeFileAs<FileAlignmentInformation>(
                FileInformationClass::kFileAlignmentInformation,
                FromHex("ff010000"))
                .alignment_requirement,
            0x1ffu);
  EXPECT_EQ(DecodeFileAs<FileAccessInformation>(
                FileInformationClass::kFileAccessInformation, FromHex("ff011f00"))
                .access_flags,
            static_cast<AccessMask>(0x001f01ff));

  const std::vector<uint8_t> compression = FromHex(
      "0010000000000000"  // CompressedFileSize 4096
      "0200"              // CompressionFormat LZNT1
      "04" "0c" "0c"      // CompressionUnitShift, ChunkShift, ClusterShift
      "000000");          // Reserved
  const FileCompressionInformation compressed =
      DecodeFileAs<FileCompressionInformation>(
          FileInformationClass::kFileCompressionInformation, compression);
  EXPECT_EQ(compressed.compressed_file_size, 4096);
  EXPECT_EQ(compressed.compression_format, 2);
  EXPECT_EQ(compressed.chunk_shift, 12);
  ExpectStructRoundTrip<FileCompressionInformation>(compression);
  ExpectPrefixesFail<FileCompressionInformation>(compression);

  const std::vector<uint8_t> id = FromHex(
      "48c7279200000000"                    // VolumeSerialNumber
      "1661a700000000000000000000000000");  // FileId (128-bit)
  const FileIdInformation id_info = DecodeFileAs<FileIdInformation>(
      FileInformationClass::kFileIdInformation, id);
  EXPECT_EQ(id_info.volume_serial_number, 0x9227c748u);
  EXPECT_EQ(id_info.file_id[0], 0x16);
  ExpectStructRoundTrip<FileIdInformation>(id);

  const std::vector<uint8_t> name = FromHex("16000000" "5c007200650070006f0072007400"
                                            "2e00740078007400");
  EXPECT_EQ(DecodeFileAs<FileNameInformation>(
                FileInformationClass::kFileNameInformation, name).file_name,
            u"\\report.txt");
  EXPECT_EQ(DecodeFileAs<FileNormalizedNameInformation>(
                FileInformationClass::kFileNormalizedNameInformation, name)
                .file_name,
            u"\\report.txt");
  ExpectStructRoundTrip<FileNormalizedNameInformation>(name);
}

TEST(FsccInfoTest, HandBuiltPipeClasses) {
  const std::vector<uint8_t> pipe = FromHex("01000000" "00000000");
  const FilePipeInformation pipe_info = DecodeFileAs<FilePipeInformation>(
      FileInformationClass::kFilePipeInformation, pipe);
  EXPECT_EQ(pipe_info.read_mode, PipeReadMode::kFilePipeMessageMode);
  EXPECT_EQ(pipe_info.completion_mode, PipeCompletionMode::kFilePipeQueueOperation);
  ExpectStructRoundTrip<FilePipeInformation>(pipe);

  const std::vector<uint8_t> local = FromHex(
      "01000000"  // NamedPipeType FILE_PIPE_MESSAGE_TYPE
      "02000000"  // NamedPipeConfiguration FILE_PIPE_FULL_DUPLEX
      "ffffffff"  // MaximumInstances (unlimited)
      "01000000"  // CurrentInstances
      "00100000"  // InboundQuota 4096
      "00000000"  // ReadDataAvailable
      "00100000"  // OutboundQuota
      "00100000"  // WriteQuotaAvailable
      "03000000"  // NamedPipeState FILE_PIPE_CONNECTED_STATE
      "00000000");  // NamedPipeEnd FILE_PIPE_CLIENT_END
  const FilePipeLocalInformation local_info =
      DecodeFileAs<FilePipeLocalInformation>(
          FileInformationClass::kFilePipeLocalInformation, local);
  EXPECT_EQ(local_info.named_pipe_type, NamedPipeType::kFilePipeMessageType);
  EXPECT_EQ(local_info.named_pipe_configuration,
            NamedPipeConfiguration::kFilePipeFullDuplex);
  EXPECT_EQ(local_info.maximum_instances, 0xffffffffu);
  EXPECT_EQ(local_info.named_pipe_state, NamedPipeState::kFilePipeConnectedState);
  EXPECT_EQ(local_info.named_pipe_end, NamedPipeEnd::kFilePipeClientEnd);
  ExpectStructRoundTrip<FilePipeLocalInformation>(local);
  ExpectPrefixesFail<FilePipeLocalInformation>(local);

  const std::vector<uint8_t> remote = FromHex("8096980000000000" "00020000");
  const FilePipeRemoteInformation remote_info =
      DecodeFileAs<FilePipeRemoteInformation>(
          FileInformationClass::kFilePipeRemoteInformation, remote);
  EXPECT_EQ(remote_info.collect_data_time, 10000000);  // one second
  EXPECT_EQ(remote_info.maximum_collection_count, 512u);
  ExpectStructRoundTrip<FilePipeRemoteInformation>(remote);
}

TEST(FsccInfoTest, HandBuiltSetClasses) {
  const std::vector<uint8_t> disposition_ex = FromHex("03000000");
  EXPECT_EQ(DecodeFileAs<FileDispositionInformationEx>(
                FileInformationClass::kFileDispositionInformationEx,
                disposition_ex)
                .flags,
            FileDispositionFlags::kFileDispositionDelete |
                FileDispositionFlags::kFileDispositionPosixSemantics);
  ExpectStructRoundTrip<FileDispositionInformationEx>(disposition_ex);

  const std::vector<uint8_t> short_name =
      FromHex("10000000" "48004900540058002e00540058005400");
  EXPECT_EQ(DecodeFileAs<FileShortNameInformation>(
                FileInformationClass::kFileShortNameInformation, short_name)
                .file_name,
            u"HITX.TXT");
  ExpectStructRoundTrip<FileShortNameInformation>(short_name);

  // Encoding computes FileNameLength and writes the reserved bytes as zero.
  FileRenameInformation rename;
  rename.replace_if_exists = 1;
  rename.file_name = u"b.txt";
  absl::StatusOr<std::vector<uint8_t>> bytes =
      EncodeFileInformation(FileInformation{rename});
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  EXPECT_EQ(testing::ToHex(*bytes),
            "01" "00000000000000" "0000000000000000" "0a000000"
            "62002e00740078007400");
}

TEST(FsccInfoTest, UnknownFileClassStaysRaw) {
  const std::vector<uint8_t> bytes = FromHex("0102030405");
  absl::StatusOr<FileInformation> info = DecodeFileInformation(
      FileInformationClass::kFileHardLinkInformation, bytes);
  ASSERT_TRUE(info.ok()) << info.status();
  const auto* raw = std::get_if<RawFileInformation>(&*info);
  ASSERT_NE(raw, nullptr);
  EXPECT_EQ(raw->type, FileInformationClass::kFileHardLinkInformation);
  EXPECT_EQ(raw->bytes.size(), 5u);
}

TEST(FsccInfoTest, TrailingAndTruncatedBuffersAreRejected) {
  std::vector<uint8_t> longer = FromHex("4b06170000000000");
  longer.push_back(0);
  absl::StatusOr<FileInformation> info = DecodeFileInformation(
      FileInformationClass::kFileEndOfFileInformation, longer);
  ASSERT_FALSE(info.ok());
  EXPECT_NE(info.status().message().find("FileEndOfFileInformation"),
            std::string::npos)
      << info.status();

  // FileNameLength 0x24 but only 34 bytes of name: the name is cut.
  std::vector<uint8_t> cut = kSambaAllInformation;
  cut.resize(cut.size() - 2);
  absl::StatusOr<FileAllInformation> all = FileAllInformation::Decode(cut);
  ASSERT_FALSE(all.ok());
  EXPECT_NE(all.status().message().find("FileNameInformation.file_name"),
            std::string::npos)
      << all.status();
}

// ------------------------------------------------------ file system classes

TEST(FsccInfoTest, VolumeInformation) {
  // Windows: no label, object IDs supported.
  const std::vector<uint8_t> windows = FromHex(
      "e20cde7454a7ca01"  // VolumeCreationTime
      "ed937708"          // VolumeSerialNumber
      "00000000"          // VolumeLabelLength
      "01" "00");         // SupportsObjects, Reserved
  const FileFsVolumeInformation volume = DecodeFsAs<FileFsVolumeInformation>(
      FsInformationClass::kFileFsVolumeInformation, windows);
  EXPECT_EQ(volume.volume_serial_number, 0x087793edu);
  EXPECT_EQ(volume.supports_objects, 1);
  EXPECT_TRUE(volume.volume_label.empty());
  EXPECT_EQ(volume.volume_creation_time.ToString(), "2010-02-06T17:47:31.3281250Z");
  ExpectStructRoundTrip<FileFsVolumeInformation>(windows);
  ExpectPrefixesFail<FileFsVolumeInformation>(windows);

  // Samba (zeek smb2readwrite.pcap): the share's name as the label.
  const std::vector<uint8_t> samba = FromHex(
      "0000000000000000" "39f46b01" "14000000" "00" "00"
      "730061006d006200610073006800610072006500");
  EXPECT_EQ(DecodeFsAs<FileFsVolumeInformation>(
                FsInformationClass::kFileFsVolumeInformation, samba)
                .volume_label,
            u"sambashare");
  ExpectStructRoundTrip<FileFsVolumeInformation>(samba);

  // Samba 4.17.12 (this capture): label "data".
  const std::vector<uint8_t> data_share = FromHex(
      "049df1a2247fdd01" "48c72792" "08000000" "00" "00" "6400610074006100");
  const FileFsVolumeInformation data = DecodeFsAs<FileFsVolumeInformation>(
      FsInformationClass::kFileFsVolumeInformation, data_share);
  EXPECT_EQ(data.volume_label, u"data");
  EXPECT_EQ(data.volume_serial_number, 0x9227c748u);
  ExpectStructRoundTrip<FileFsVolumeInformation>(data_share);
}

TEST(FsccInfoTest, AttributeInformation) {
  // Windows NTFS and Samba both answer "NTFS".
  const std::vector<uint8_t> windows = FromHex(
      "ff002700" "ff000000" "08000000" "4e00540046005300");
  const FileFsAttributeInformation ntfs = DecodeFsAs<FileFsAttributeInformation>(
      FsInformationClass::kFileFsAttributeInformation, windows);
  EXPECT_EQ(ntfs.file_system_name, u"NTFS");
  EXPECT_EQ(ntfs.maximum_component_name_length, 255);
  EXPECT_TRUE(HasFlags(ntfs.file_system_attributes,
                       FileSystemAttributes::kFileCaseSensitiveSearch |
                           FileSystemAttributes::kFileNamedStreams |
                           FileSystemAttributes::kFileSupportsObjectIds));
  ExpectStructRoundTrip<FileFsAttributeInformation>(windows);
  ExpectPrefixesFail<FileFsAttributeInformation>(windows);

  const std::vector<uint8_t> samba = FromHex(
      "6f000100" "ff000000" "08000000" "4e00540046005300");
  const FileFsAttributeInformation samba_fs =
      DecodeFsAs<FileFsAttributeInformation>(
          FsInformationClass::kFileFsAttributeInformation, samba);
  EXPECT_EQ(samba_fs.file_system_attributes,
            FileSystemAttributes::kFileCaseSensitiveSearch |
                FileSystemAttributes::kFileCasePreservedNames |
                FileSystemAttributes::kFileUnicodeOnDisk |
                FileSystemAttributes::kFilePersistentAcls |
                FileSystemAttributes::kFileVolumeQuotas |
                FileSystemAttributes::kFileSupportsSparseFiles |
                FileSystemAttributes::kFileSupportsObjectIds);
}

TEST(FsccInfoTest, SizeInformation) {
  const std::vector<uint8_t> bytes = FromHex(
      "748ebf0f00000000"  // TotalAllocationUnits
      "c05ec60400000000"  // AvailableAllocationUnits
      "02000000"          // SectorsPerAllocationUnit
      "00020000");        // BytesPerSector
  const FileFsSizeInformation size = DecodeFsAs<FileFsSizeInformation>(
      FsInformationClass::kFileFsSizeInformation, bytes);
  EXPECT_EQ(size.total_allocation_units, 264212084);
  EXPECT_EQ(size.available_allocation_units, 80109248);
  EXPECT_EQ(size.sectors_per_allocation_unit, 2u);
  EXPECT_EQ(size.bytes_per_sector, 512u);
  ExpectStructRoundTrip<FileFsSizeInformation>(bytes);
  ExpectPrefixesFail<FileFsSizeInformation>(bytes);
}

TEST(FsccInfoTest, HandBuiltFsClasses) {
  const std::vector<uint8_t> full_size = FromHex(
      "748ebf0f00000000" "c05ec60400000000" "b076ef0400000000" "02000000"
      "00020000");
  const FileFsFullSizeInformation full = DecodeFsAs<FileFsFullSizeInformation>(
      FsInformationClass::kFileFsFullSizeInformation, full_size);
  EXPECT_EQ(full.caller_available_allocation_units, 80109248);
  EXPECT_EQ(full.actual_available_allocation_units, 82802352);
  ExpectStructRoundTrip<FileFsFullSizeInformation>(full_size);

  const std::vector<uint8_t> device = FromHex("07000000" "20000000");
  const FileFsDeviceInformation dev = DecodeFsAs<FileFsDeviceInformation>(
      FsInformationClass::kFileFsDeviceInformation, device);
  EXPECT_EQ(dev.device_type, DeviceType::kFileDeviceDisk);
  EXPECT_EQ(static_cast<uint32_t>(dev.characteristics), 0x20u);
  ExpectStructRoundTrip<FileFsDeviceInformation>(device);

  const std::vector<uint8_t> control = FromHex(
      "0000000000000000" "0000000000000000" "0000000000000000"
      "ffffffffffffffff"  // DefaultQuotaThreshold: none
      "0000004000000000"  // DefaultQuotaLimit 1 GiB
      "01000000"          // FileSystemControlFlags
      "00000000");        // Padding
  const FileFsControlInformation control_info =
      DecodeFsAs<FileFsControlInformation>(
          FsInformationClass::kFileFsControlInformation, control);
  EXPECT_EQ(control_info.default_quota_threshold, ~uint64_t{0});
  EXPECT_EQ(control_info.default_quota_limit, uint64_t{1} << 30);
  EXPECT_EQ(control_info.file_system_control_flags, 1u);
  ExpectStructRoundTrip<FileFsControlInformation>(control);
  ExpectPrefixesFail<FileFsControlInformation>(control);

  std::string object_id_hex = "00112233445566778899aabbccddeeff";
  for (int i = 0; i < 48; ++i) object_id_hex += "00";
  const std::vector<uint8_t> object_id = FromHex(object_id_hex);
  const FileFsObjectIdInformation object =
      DecodeFsAs<FileFsObjectIdInformation>(
          FsInformationClass::kFileFsObjectIdInformation, object_id);
  EXPECT_EQ(object.object_id.ToString(), "33221100-5544-7766-8899-aabbccddeeff");
  ExpectStructRoundTrip<FileFsObjectIdInformation>(object_id);

  const std::vector<uint8_t> sector = FromHex(
      "00020000" "00100000" "00100000" "00100000"
      "05000000"  // SSINFO_FLAGS_ALIGNED_DEVICE | NO_SEEK_PENALTY
      "00000000" "00000000");
  const FileFsSectorSizeInformation sectors =
      DecodeFsAs<FileFsSectorSizeInformation>(
          FsInformationClass::kFileFsSectorSizeInformation, sector);
  EXPECT_EQ(sectors.logical_bytes_per_sector, 512u);
  EXPECT_EQ(sectors.physical_bytes_per_sector_for_performance, 4096u);
  EXPECT_EQ(sectors.flags, SectorSizeFlags::kSsinfoFlagsAlignedDevice |
                               SectorSizeFlags::kSsinfoFlagsNoSeekPenalty);
  ExpectStructRoundTrip<FileFsSectorSizeInformation>(sector);

  EXPECT_EQ(DecodeFsAs<FileFsVolumeFlagsInformation>(
                FsInformationClass::kFileFsVolumeFlagsInformation,
                FromHex("01000000"))
                .flags,
            1u);
  const std::vector<uint8_t> label = FromHex("08000000" "6400610074006100");
  EXPECT_EQ(DecodeFsAs<FileFsLabelInformation>(
                FsInformationClass::kFileFsLabelInformation, label)
                .volume_label,
            u"data");
  ExpectStructRoundTrip<FileFsLabelInformation>(label);
}

TEST(FsccInfoTest, UnknownFsClassStaysRaw) {
  absl::StatusOr<FsInformation> info = DecodeFsInformation(
      FsInformationClass::kFileFsDriverPathInformation, FromHex("00"));
  ASSERT_TRUE(info.ok()) << info.status();
  EXPECT_NE(std::get_if<RawFsInformation>(&*info), nullptr);
}

}  // namespace
}  // namespace smb::proto
