#include "storage/sqlite_connection.hpp"

#include <utility>

#include <sqlite3.h>

namespace espresso::storage {
namespace {

struct Binder {
  SqliteStatement& statement;
  int index;
  Status operator()(std::monostate) const { return statement.bind_null(index); }
  Status operator()(std::int64_t value) const { return statement.bind_int(index, value); }
  Status operator()(ByteView value) const { return statement.bind_blob(index, value); }
  Status operator()(std::string_view value) const { return statement.bind_text(index, value); }
};

Status bind_all(SqliteStatement& statement, std::span<const SqlParam> params) {
  for (std::size_t i = 0; i < params.size(); ++i) {
    ESEQ_TRY_STATUS(std::visit(Binder{statement, static_cast<int>(i + 1)}, params[i]));
  }
  return {};
}

SqlValue column_value(const SqliteStatement& statement, int index) {
  switch (sqlite3_column_type(statement.handle(), index)) {
    case SQLITE_NULL:
      return std::monostate{};
    case SQLITE_INTEGER:
      return statement.column_int(index);
    case SQLITE_TEXT:
      return statement.column_text(index);
    default:
      return statement.column_blob(index);
  }
}

class SqliteConnection final : public SqlConnection {
 public:
  explicit SqliteConnection(SqliteDatabase db) : db_(std::move(db)) {}

  SqlDialect dialect() const override { return SqlDialect::kSqlite; }
  const std::string& name() const override { return db_.path(); }

  Status execute(std::string_view sql) override { return db_.execute(sql); }

  Result<std::vector<SqlRow>> query(std::string_view sql,
                                    std::span<const SqlParam> params) override {
    auto statement = db_.cached(std::string(sql));
    if (!statement) return fail(std::move(statement).error());
    ESEQ_TRY_STATUS(bind_all(**statement, params));
    std::vector<SqlRow> rows;
    const int columns = sqlite3_column_count((*statement)->handle());
    for (;;) {
      auto more = (*statement)->step();
      if (!more) return fail(std::move(more).error());
      if (!*more) break;
      std::vector<SqlValue> values;
      values.reserve(static_cast<std::size_t>(columns));
      for (int i = 0; i < columns; ++i) values.push_back(column_value(**statement, i));
      rows.emplace_back(std::move(values));
    }
    return rows;
  }

  Status insert_rows(std::string_view head, std::size_t columns, std::span<const SqlParam> rows,
                     std::string_view tail) override {
    if (columns == 0 || rows.size() % columns != 0) {
      return fail("sqlite: insert of " + std::to_string(rows.size()) + " values is not rows of " +
                  std::to_string(columns));
    }
    std::string sql(head);
    sql += " VALUES (";
    for (std::size_t i = 0; i < columns; ++i) sql += i == 0 ? "?" : ", ?";
    sql += ") ";
    sql += tail;
    auto statement = db_.cached(sql);
    if (!statement) return fail(std::move(statement).error());
    for (std::size_t row = 0; row < rows.size(); row += columns) {
      ESEQ_TRY_STATUS(bind_all(**statement, rows.subspan(row, columns)));
      ESEQ_TRY_STATUS((*statement)->run());
    }
    return {};
  }

  Status begin() override { return db_.execute("BEGIN IMMEDIATE"); }
  Status commit() override { return db_.execute("COMMIT"); }
  Status rollback() override { return db_.execute("ROLLBACK"); }

 private:
  SqliteDatabase db_;
};

}  // namespace

Result<std::unique_ptr<SqlConnection>> open_sqlite_connection(const std::string& path,
                                                              Durability durability,
                                                              std::uint32_t page_size) {
  auto db = SqliteDatabase::open(path, durability, page_size);
  if (!db) return fail(std::move(db).error());
  return std::unique_ptr<SqlConnection>(std::make_unique<SqliteConnection>(std::move(*db)));
}

}  // namespace espresso::storage
