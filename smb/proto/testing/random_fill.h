// RandomFill: random values for any generated structure, for property tests
// and benchmarks. Byte views point into an arena the caller keeps alive.

#ifndef SMB_PROTO_TESTING_RANDOM_FILL_H_
#define SMB_PROTO_TESTING_RANDOM_FILL_H_

#include <array>
#include <cstdint>
#include <deque>
#include <optional>
#include <random>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "absl/types/span.h"
#include "smb/proto/field_traits.h"
#include "smb/proto/types.h"

namespace smb::proto::testing {

class RandomFill {
 public:
  explicit RandomFill(uint64_t seed) : rng_(seed) {}

  template <typename T>
  void Fill(T& value) {
    depth_ = 0;
    Field(value);
  }

  // Visitor interface for VisitFields.
  template <typename T>
  void operator()(const char*, T& value) {
    Field(value);
  }

 private:
  template <typename T>
  using IsVector = field_traits::IsVector<T>;
  template <typename T>
  using IsVariant = field_traits::IsVariant<T>;
  template <typename T>
  using IsOptional = field_traits::IsOptional<T>;
  template <typename T>
  using IsByteArray = field_traits::IsByteArray<T>;

  uint64_t Next() { return rng_(); }
  size_t Below(size_t n) { return n == 0 ? 0 : Next() % n; }

  template <typename T>
  void Field(T& value) {
    if constexpr (field_traits::Structure<T>) {
      ++depth_;
      VisitFields(value, *this);
      --depth_;
    } else if constexpr (IsVariant<T>::value) {
      EmplaceAlternative(value, Below(std::variant_size_v<T>),
                         std::make_index_sequence<std::variant_size_v<T>>());
      std::visit([this](auto& alternative) { Field(alternative); }, value);
    } else if constexpr (IsOptional<T>::value) {
      value.reset();
      if (Below(2)) Field(value.emplace());
    } else if constexpr (IsVector<T>::value) {
      value.resize(depth_ < 4 ? Below(4) : 0);
      for (auto& element : value) Field(element);
    } else if constexpr (std::is_same_v<T, absl::Span<const uint8_t>>) {
      std::vector<uint8_t>& bytes = arena_.emplace_back(Below(40));
      for (uint8_t& b : bytes) b = static_cast<uint8_t>(Next());
      value = bytes;
    } else if constexpr (IsByteArray<T>::value) {
      for (uint8_t& b : value) b = static_cast<uint8_t>(Next());
    } else if constexpr (std::is_same_v<T, std::u16string>) {
      value.resize(Below(9));
      for (char16_t& c : value) c = static_cast<char16_t>(Next());
    } else if constexpr (std::is_same_v<T, Guid>) {
      for (uint8_t& b : value.bytes) b = static_cast<uint8_t>(Next());
    } else if constexpr (std::is_same_v<T, FileTime>) {
      value.ticks = Next();
    } else if constexpr (std::is_enum_v<T>) {
      // Small values hit the named ones (and union cases) often.
      const uint64_t raw = Below(2) ? Below(24) : Next();
      value = static_cast<T>(static_cast<std::underlying_type_t<T>>(raw));
    } else {
      static_assert(std::is_integral_v<T>);
      value = static_cast<T>(Below(2) ? Below(300) : Next());
    }
  }

  template <typename V, size_t... I>
  void EmplaceAlternative(V& value, size_t index, std::index_sequence<I...>) {
    ((I == index ? (void)value.template emplace<I>() : (void)0), ...);
  }

  std::mt19937_64 rng_;
  int depth_ = 0;
  std::deque<std::vector<uint8_t>> arena_;
};

}  // namespace smb::proto::testing

#endif  // SMB_PROTO_TESTING_RANDOM_FILL_H_
