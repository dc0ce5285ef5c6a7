// ToJson: any generated structure, union or Message as one line of JSON.
// Enums and flags print by name, byte fields as {"length": N, "hex": ...}
// (the first kMaxJsonBytes bytes), UTF-16 strings as UTF-8 JSON strings.

#ifndef SMB_PROTO_JSON_H_
#define SMB_PROTO_JSON_H_

#include <string>
#include <type_traits>
#include <variant>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "smb/proto/field_traits.h"
#include "smb/proto/types.h"
#include "smb/proto/utf16.h"

namespace smb::proto {
namespace json_internal {

inline constexpr size_t kMaxJsonBytes = 256;

std::string Quote(absl::string_view text);
std::string Bytes(absl::Span<const uint8_t> bytes);

class Writer {
 public:
  template <typename T>
  void operator()(absl::string_view name, const T& value) {
    if (!first_) out_ += ',';
    first_ = false;
    absl::StrAppend(&out_, Quote(name), ":");
    Value(value);
  }

  template <typename T>
  void Value(const T& value) {
    using field_traits::IsByteArray;
    using field_traits::IsOptional;
    using field_traits::IsVariant;
    using field_traits::IsVector;
    if constexpr (field_traits::Structure<T>) {
      Writer nested;
      nested("type", std::string(T::kName));
      VisitFields(value, nested);
      absl::StrAppend(&out_, "{", nested.out_, "}");
    } else if constexpr (IsVariant<T>::value) {
      std::visit([this](const auto& alternative) { Value(alternative); }, value);
    } else if constexpr (IsOptional<T>::value) {
      if (value.has_value()) {
        Value(*value);
      } else {
        out_ += "null";
      }
    } else if constexpr (IsVector<T>::value) {
      out_ += '[';
      for (size_t i = 0; i < value.size(); ++i) {
        if (i) out_ += ',';
        Value(value[i]);
      }
      out_ += ']';
    } else if constexpr (std::is_same_v<T, absl::Span<const uint8_t>> ||
                         IsByteArray<T>::value) {
      out_ += Bytes(value);
    } else if constexpr (std::is_same_v<T, std::string>) {
      out_ += Quote(value);
    } else if constexpr (std::is_same_v<T, std::u16string>) {
      out_ += Quote(Utf16ToUtf8(value));
    } else if constexpr (std::is_same_v<T, Guid> || std::is_same_v<T, FileTime>) {
      out_ += Quote(value.ToString());
    } else if constexpr (std::is_enum_v<T>) {
      out_ += Quote(ToString(value));
    } else {
      static_assert(std::is_integral_v<T>, "no JSON form for this type");
      absl::StrAppend(&out_, +value);
    }
  }

  const std::string& out() const { return out_; }

 private:
  std::string out_;
  bool first_ = true;
};

}  // namespace json_internal

template <typename T>
std::string ToJson(const T& value) {
  json_internal::Writer writer;
  writer.Value(value);
  return writer.out();
}

}  // namespace smb::proto

#endif  // SMB_PROTO_JSON_H_
