// Traits that tell apart the kinds of member a generated structure has, for
// code that walks any structure with VisitFields (DebugString, tests).

#ifndef SMB_PROTO_FIELD_TRAITS_H_
#define SMB_PROTO_FIELD_TRAITS_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <type_traits>
#include <variant>
#include <vector>

namespace smb::proto::field_traits {

// A generated structure (or Raw union case, UnknownBody, Message).
template <typename T>
concept Structure = requires { T::kName; };

template <typename T>
struct IsVector : std::false_type {};
template <typename T>
struct IsVector<std::vector<T>> : std::true_type {};

template <typename T>
struct IsVariant : std::false_type {};
template <typename... T>
struct IsVariant<std::variant<T...>> : std::true_type {};

template <typename T>
struct IsOptional : std::false_type {};
template <typename T>
struct IsOptional<std::optional<T>> : std::true_type {};

template <typename T>
struct IsByteArray : std::false_type {};
template <size_t N>
struct IsByteArray<std::array<uint8_t, N>> : std::true_type {};

}  // namespace smb::proto::field_traits

#endif  // SMB_PROTO_FIELD_TRAITS_H_
