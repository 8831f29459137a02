#pragma once
// 256-bit unsigned integers (wei amounts, chain ids, fee balances): Boost.Multiprecision.

#include <boost/multiprecision/cpp_int.hpp>

#include "common/bytes.hpp"

namespace espresso {

using U256 = boost::multiprecision::uint256_t;

// Big-endian 32-byte form, as Ethereum encodes uint256.
Hash32 to_be_bytes(const U256& value);
U256 from_be_bytes(ByteView bytes);  // at most 32 bytes

// Little-endian 32-byte form, as the Espresso commitments hash U256 fields.
Hash32 to_le_bytes(const U256& value);
U256 from_le_bytes(ByteView bytes);  // at most 32 bytes

// Decimal text, no separators.
std::string to_decimal(const U256& value);

}  // namespace espresso
