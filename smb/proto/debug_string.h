// DebugString: any generated structure, union or Message as a readable,
// indented tree, one field a line:
//
//   NegotiateResponse
//     security_mode: SIGNING_ENABLED
//     dialect_revision: SMB3_1_1
//     security_buffer: 74 bytes 604806062b0601050502a03e...
//     negotiate_context_list[0]: NegotiateContext
//       data: PreauthIntegrityCapabilities
//         hash_algorithms: [SHA_512]

#ifndef SMB_PROTO_DEBUG_STRING_H_
#define SMB_PROTO_DEBUG_STRING_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "smb/proto/field_traits.h"
#include "smb/proto/types.h"
#include "smb/proto/utf16.h"

namespace smb::proto {
namespace debug_internal {

// Bytes are shown in full up to this many, then cut with "...".
inline constexpr size_t kMaxBytesShown = 32;

std::string HexPreview(absl::Span<const uint8_t> bytes);

using field_traits::IsByteArray;
using field_traits::IsOptional;
using field_traits::IsVariant;
using field_traits::IsVector;
template <typename T>
concept HasFields = field_traits::Structure<T>;
template <typename T>
concept HasToString = requires(T v) { ToString(v); };

class Printer {
 public:
  explicit Printer(int depth) : depth_(depth) {}

  template <typename T>
  void operator()(absl::string_view name, const T& value) {
    Field(name, value);
  }

  template <typename T>
  void Field(absl::string_view name, const T& value) {
    if constexpr (HasFields<T>) {
      Line(name, T::kName);
      Printer nested(depth_ + 1);
      VisitFields(value, nested);
      out_ += nested.out_;
    } else if constexpr (IsVariant<T>::value) {
      std::visit([&](const auto& alternative) { Field(name, alternative); },
                 value);
    } else if constexpr (IsOptional<T>::value) {
      if (value.has_value()) {
        Field(name, *value);
      } else {
        Line(name, "absent");
      }
    } else if constexpr (IsVector<T>::value) {
      using Element = typename T::value_type;
      if constexpr (HasFields<Element> || IsVariant<Element>::value) {
        if (value.empty()) Line(name, "[]");
        for (size_t i = 0; i < value.size(); ++i) {
          Field(absl::StrCat(name, "[", i, "]"), value[i]);
        }
      } else {
        std::string items;
        for (const Element& element : value) {
          if (!items.empty()) items += ", ";
          items += Scalar(element);
        }
        Line(name, absl::StrCat("[", items, "]"));
      }
    } else {
      Line(name, Scalar(value));
    }
  }

  template <typename T>
  static std::string Scalar(const T& value) {
    if constexpr (std::is_same_v<T, absl::Span<const uint8_t>>) {
      return HexPreview(value);
    } else if constexpr (IsByteArray<T>::value) {
      return HexPreview(value);
    } else if constexpr (std::is_same_v<T, std::u16string>) {
      return absl::StrCat("\"", Utf16ToUtf8(value), "\"");
    } else if constexpr (std::is_same_v<T, Guid> ||
                         std::is_same_v<T, FileTime>) {
      return value.ToString();
    } else if constexpr (std::is_enum_v<T> && HasToString<T>) {
      return ToString(value);
    } else if constexpr (std::is_enum_v<T>) {
      return absl::StrCat(static_cast<std::underlying_type_t<T>>(value));
    } else {
      static_assert(std::is_integral_v<T>, "no debug form for this type");
      return absl::StrCat(+value);
    }
  }

  const std::string& out() const { return out_; }
  void Line(absl::string_view name, absl::string_view text) {
    out_.append(2 * depth_, ' ');
    if (!name.empty()) absl::StrAppend(&out_, name, ": ");
    absl::StrAppend(&out_, text, "\n");
  }

 private:
  int depth_;
  std::string out_;
};

}  // namespace debug_internal

// DebugString renders a generated structure, union or Message.
template <typename T>
std::string DebugString(const T& value) {
  debug_internal::Printer printer(0);
  printer.Field("", value);
  return printer.out();
}

}  // namespace smb::proto

#endif  // SMB_PROTO_DEBUG_STRING_H_
