#pragma once
// SqlConnection over one SQLite connection (sqlite_database.hpp): statements are prepared once
// and cached; transactions are BEGIN IMMEDIATE so a writer never upgrades a read lock mid-way.

#include <memory>
#include <string>

#include "common/result.hpp"
#include "storage/sql_connection.hpp"
#include "storage/sqlite_database.hpp"

namespace espresso::storage {

// Opens (creating if absent) the database file; ":memory:" gives a private in-memory database.
// `page_size`: see SqliteDatabase::open.
Result<std::unique_ptr<SqlConnection>> open_sqlite_connection(
    const std::string& path, Durability durability, std::uint32_t page_size = kDefaultPageSize);

}  // namespace espresso::storage
