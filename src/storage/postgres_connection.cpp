// SqlConnection over libpq: statements are prepared once per connection (named by a counter),
// parameters and results travel in binary format, and bulk inserts become multi-row statements
// (one round trip per ~1000 rows instead of one per row).

#include <array>
#include <cstring>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>

#include <libpq-fe.h>

#include "storage/postgres.hpp"

namespace espresso::storage {
namespace {

// Fixed OIDs of PostgreSQL's built-in types (pg_type.dat; the client headers do not carry them).
constexpr Oid kBoolOid = 16;
constexpr Oid kByteaOid = 17;
constexpr Oid kNameOid = 19;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;
constexpr Oid kTextOid = 25;
constexpr Oid kVarcharOid = 1043;
constexpr Oid kVoidOid = 2278;

// The protocol's limit on parameters per statement is 65535; rows per statement are capped
// lower so one statement's text and buffers stay small.
constexpr std::size_t kMaxParams = 65535;
constexpr std::size_t kMaxRowsPerInsert = 1000;
constexpr std::size_t kCopyChunk = 1 << 20;
constexpr std::string_view kInsertInto = "INSERT INTO ";

using ResultPtr = std::unique_ptr<PGresult, decltype(&PQclear)>;

std::string trimmed(const char* message) {
  std::string text = message != nullptr ? message : "";
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

// `?` placeholders become $1, $2, ...; our SQL has no `?` inside literals.
std::string numbered_placeholders(std::string_view sql) {
  std::string text;
  text.reserve(sql.size() + 16);
  int next = 1;
  for (char c : sql) {
    if (c == '?') {
      text += '$';
      text += std::to_string(next++);
    } else {
      text += c;
    }
  }
  return text;
}

std::int64_t read_big_endian(const char* data, int size) {
  std::uint64_t value = 0;
  for (int i = 0; i < size; ++i) value = (value << 8) | static_cast<std::uint8_t>(data[i]);
  // Sign-extend narrower integers.
  if (size < 8 && size > 0 && (static_cast<std::uint8_t>(data[0]) & 0x80) != 0) {
    value |= ~std::uint64_t{0} << (size * 8);
  }
  return static_cast<std::int64_t>(value);
}

// The parameter arrays libpq wants, in binary format; integers are converted to big-endian
// into storage that outlives the call.
class EncodedParams {
 public:
  explicit EncodedParams(std::span<const SqlParam> params) {
    const std::size_t n = params.size();
    values_.resize(n);
    lengths_.resize(n);
    formats_.assign(n, 1);
    types_.resize(n);
    integers_.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      std::visit([&](const auto& value) { encode(i, value); }, params[i]);
    }
  }
  int count() const { return static_cast<int>(values_.size()); }
  const char* const* values() const { return values_.data(); }
  const int* lengths() const { return lengths_.data(); }
  const int* formats() const { return formats_.data(); }
  const Oid* types() const { return types_.data(); }

 private:
  void encode(std::size_t i, std::monostate) {
    values_[i] = nullptr;
    types_[i] = 0;  // unknown: the server infers it from the context
  }
  void encode(std::size_t i, std::int64_t value) {
    auto& bytes = integers_[i];
    for (int b = 0; b < 8; ++b) {
      bytes[static_cast<std::size_t>(b)] =
          static_cast<char>(static_cast<std::uint64_t>(value) >> (56 - 8 * b));
    }
    values_[i] = bytes.data();
    lengths_[i] = 8;
    types_[i] = kInt8Oid;
  }
  void encode(std::size_t i, ByteView value) {
    static constexpr char kEmpty = 0;  // a zero-length value is still not NULL
    values_[i] = value.empty() ? &kEmpty : reinterpret_cast<const char*>(value.data());
    lengths_[i] = static_cast<int>(value.size());
    types_[i] = kByteaOid;
  }
  void encode(std::size_t i, std::string_view value) {
    static constexpr char kEmpty = 0;
    values_[i] = value.empty() ? &kEmpty : value.data();
    lengths_[i] = static_cast<int>(value.size());
    types_[i] = kTextOid;
  }

  std::vector<const char*> values_;
  std::vector<int> lengths_;
  std::vector<int> formats_;
  std::vector<Oid> types_;
  std::vector<std::array<char, 8>> integers_;
};

class PostgresConnection final : public SqlConnection {
 public:
  PostgresConnection(PGconn* conn, std::string name) : conn_(conn), name_(std::move(name)) {}
  PostgresConnection(const PostgresConnection&) = delete;
  PostgresConnection& operator=(const PostgresConnection&) = delete;
  ~PostgresConnection() override { PQfinish(conn_); }

  SqlDialect dialect() const override { return SqlDialect::kPostgres; }
  const std::string& name() const override { return name_; }

  Status execute(std::string_view sql) override {
    ResultPtr result(PQexec(conn_, std::string(sql).c_str()), &PQclear);
    return check(result.get(), "execute", sql);
  }

  Result<std::vector<SqlRow>> query(std::string_view sql,
                                    std::span<const SqlParam> params) override {
    const EncodedParams encoded(params);
    auto statement = prepared(sql, encoded);
    if (!statement) return fail(std::move(statement).error());
    ResultPtr result(PQexecPrepared(conn_, statement->c_str(), encoded.count(), encoded.values(),
                                    encoded.lengths(), encoded.formats(), 1),
                     &PQclear);
    ESEQ_TRY_STATUS(check(result.get(), "run", sql));
    return rows_of(result.get(), sql);
  }

  Status insert_rows(std::string_view head, std::size_t columns, std::span<const SqlParam> rows,
                     std::string_view tail) override {
    if (columns == 0 || rows.size() % columns != 0) {
      return fail("postgres: insert of " + std::to_string(rows.size()) + " values is not rows of " +
                  std::to_string(columns));
    }
    if (tail.empty() && head.starts_with(kInsertInto)) return copy_rows(head, columns, rows);
    const std::size_t rows_per_statement =
        std::max<std::size_t>(1, std::min(kMaxRowsPerInsert, kMaxParams / columns));
    for (std::size_t first = 0; first < rows.size(); first += rows_per_statement * columns) {
      const auto chunk =
          rows.subspan(first, std::min(rows.size() - first, rows_per_statement * columns));
      std::string sql(head);
      sql += " VALUES ";
      std::size_t next = 1;
      for (std::size_t row = 0; row < chunk.size() / columns; ++row) {
        sql += row == 0 ? "(" : ", (";
        for (std::size_t column = 0; column < columns; ++column) {
          if (column > 0) sql += ", ";
          sql += '$';
          sql += std::to_string(next++);
        }
        sql += ')';
      }
      sql += ' ';
      sql += tail;
      const EncodedParams encoded(chunk);
      ResultPtr result(PQexecParams(conn_, sql.c_str(), encoded.count(), encoded.types(),
                                    encoded.values(), encoded.lengths(), encoded.formats(), 1),
                       &PQclear);
      ESEQ_TRY_STATUS(check(result.get(), "insert", head));
    }
    return {};
  }

  // COPY ... FROM STDIN in binary format: the fastest bulk path (no statement text, no per-row
  // parsing). The rows go in one stream of kCopyChunk-sized messages.
  Status copy_rows(std::string_view head, std::size_t columns, std::span<const SqlParam> rows) {
    const std::string sql =
        "COPY " + std::string(head.substr(kInsertInto.size())) + " FROM STDIN (FORMAT binary)";
    ResultPtr started(PQexec(conn_, sql.c_str()), &PQclear);
    if (PQresultStatus(started.get()) != PGRES_COPY_IN) {
      return fail(error("start", sql, PQresultErrorMessage(started.get())));
    }
    const Bytes data = copy_stream(columns, rows);
    for (std::size_t offset = 0; offset < data.size(); offset += kCopyChunk) {
      const std::size_t size = std::min(kCopyChunk, data.size() - offset);
      if (PQputCopyData(conn_, reinterpret_cast<const char*>(data.data() + offset),
                        static_cast<int>(size)) != 1) {
        return fail(error("send data of", sql, PQerrorMessage(conn_)));
      }
    }
    if (PQputCopyEnd(conn_, nullptr) != 1) return fail(error("end", sql, PQerrorMessage(conn_)));
    Status status;
    while (PGresult* raw = PQgetResult(conn_)) {
      ResultPtr result(raw, &PQclear);
      if (status) status = check(result.get(), "copy", sql);
    }
    return status;
  }

  // The binary COPY format: signature, flags, header extension length, then per row a field
  // count and length-prefixed big-endian fields, then -1.
  static Bytes copy_stream(std::size_t columns, std::span<const SqlParam> rows) {
    Bytes out;
    const auto big_endian = [&](std::uint64_t value, int bytes) {
      for (int shift = 8 * (bytes - 1); shift >= 0; shift -= 8) {
        out.push_back(static_cast<std::uint8_t>(value >> shift));
      }
    };
    static constexpr std::uint8_t kSignature[] = {'P',  'G',  'C',  'O',  'P', 'Y',
                                                  '\n', 0xff, '\r', '\n', 0};
    out.insert(out.end(), std::begin(kSignature), std::end(kSignature));
    big_endian(0, 4);  // flags
    big_endian(0, 4);  // header extension length
    for (std::size_t row = 0; row < rows.size(); row += columns) {
      big_endian(columns, 2);
      for (const SqlParam& value : rows.subspan(row, columns)) {
        if (std::holds_alternative<std::monostate>(value)) {
          big_endian(0xffffffffu, 4);  // NULL
        } else if (const auto* integer = std::get_if<std::int64_t>(&value)) {
          big_endian(8, 4);
          big_endian(static_cast<std::uint64_t>(*integer), 8);
        } else {
          const ByteView bytes = std::holds_alternative<ByteView>(value)
                                     ? std::get<ByteView>(value)
                                     : as_bytes(std::get<std::string_view>(value));
          big_endian(bytes.size(), 4);
          out.insert(out.end(), bytes.begin(), bytes.end());
        }
      }
    }
    big_endian(0xffff, 2);  // trailer
    return out;
  }

  Status begin() override { return execute("BEGIN"); }
  Status commit() override { return execute("COMMIT"); }
  Status rollback() override { return execute("ROLLBACK"); }

 private:
  Error error(std::string_view what, std::string_view sql, const char* detail) const {
    return Error{"postgres " + name_ + ": cannot " + std::string(what) + " `" + std::string(sql) +
                 "`: " + trimmed(detail)};
  }

  Status check(const PGresult* result, std::string_view what, std::string_view sql) const {
    const ExecStatusType status = PQresultStatus(result);
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return {};
    return fail(
        error(what, sql, result != nullptr ? PQresultErrorMessage(result) : PQerrorMessage(conn_)));
  }

  // The name of the statement prepared for `sql`, preparing it on first use.
  Result<std::string> prepared(std::string_view sql, const EncodedParams& params) {
    const std::string key(sql);
    if (auto found = statements_.find(key); found != statements_.end()) return found->second;
    std::string statement = "eseq_" + std::to_string(statements_.size() + 1);
    ResultPtr result(PQprepare(conn_, statement.c_str(), numbered_placeholders(sql).c_str(),
                               params.count(), params.types()),
                     &PQclear);
    ESEQ_TRY_STATUS(check(result.get(), "prepare", sql));
    statements_.emplace(key, statement);
    return statement;
  }

  Result<std::vector<SqlRow>> rows_of(const PGresult* result, std::string_view sql) const {
    const int row_count = PQntuples(result);
    const int column_count = PQnfields(result);
    std::vector<SqlRow> rows;
    rows.reserve(static_cast<std::size_t>(row_count));
    for (int r = 0; r < row_count; ++r) {
      std::vector<SqlValue> values;
      values.reserve(static_cast<std::size_t>(column_count));
      for (int c = 0; c < column_count; ++c) {
        if (PQgetisnull(result, r, c)) {
          values.emplace_back(std::monostate{});
          continue;
        }
        const char* data = PQgetvalue(result, r, c);
        const int size = PQgetlength(result, r, c);
        switch (const Oid type = PQftype(result, c)) {
          case kInt8Oid:
          case kInt4Oid:
          case kInt2Oid:
          case kBoolOid:
            values.emplace_back(read_big_endian(data, size));
            break;
          case kByteaOid:
            values.emplace_back(Bytes(data, data + size));
            break;
          case kTextOid:
          case kVarcharOid:
          case kNameOid:
            values.emplace_back(std::string(data, static_cast<std::size_t>(size)));
            break;
          case kVoidOid:
            values.emplace_back(std::monostate{});
            break;
          default:
            return fail(error("read", sql,
                              ("column " + std::to_string(c) + " has type OID " +
                               std::to_string(type) + ", which the stores do not use")
                                  .c_str()));
        }
      }
      rows.emplace_back(std::move(values));
    }
    return rows;
  }

  PGconn* conn_;
  std::string name_;
  std::unordered_map<std::string, std::string> statements_;  // SQL text -> prepared name
};

void ignore_notice(void*, const char*) {}  // "relation already exists, skipping" and the like

}  // namespace

Result<std::unique_ptr<SqlConnection>> open_postgres_connection(const PostgresConfig& config,
                                                                Durability durability) {
  const std::string port = std::to_string(config.port);
  const char* keywords[] = {
      "host",     "port", "dbname", "user", "sslmode", "connect_timeout", "application_name",
      "password", nullptr};
  const char* values[] = {config.host.c_str(),
                          port.c_str(),
                          config.database.c_str(),
                          config.user.c_str(),
                          config.use_tls ? "require" : "prefer",
                          "10",
                          "espresso-sequencer",
                          config.password.empty() ? nullptr : config.password.c_str(),
                          nullptr};
  PGconn* conn = PQconnectdbParams(keywords, values, 0);
  const std::string name = config.describe();
  if (conn == nullptr) return fail("postgres: cannot connect to " + name + ": out of memory");
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string detail = trimmed(PQerrorMessage(conn));
    PQfinish(conn);
    return fail("postgres: cannot connect to " + name + ": " + detail);
  }
  PQsetNoticeProcessor(conn, ignore_notice, nullptr);
  auto connection = std::make_unique<PostgresConnection>(conn, name);
  if (durability == Durability::kNormal) {
    ESEQ_TRY_STATUS(connection->execute("SET synchronous_commit = off"));
  }
  if (!config.schema.empty()) {
    char* quoted = PQescapeIdentifier(conn, config.schema.c_str(), config.schema.size());
    if (quoted == nullptr) {
      return fail("postgres " + name + ": bad schema name \"" + config.schema +
                  "\": " + trimmed(PQerrorMessage(conn)));
    }
    const std::string identifier = quoted;
    PQfreemem(quoted);
    // IF NOT EXISTS alone races with a concurrent creator (unique violation): hold the lock.
    ESEQ_TRY_STATUS(connection->execute(
        "BEGIN; SELECT pg_advisory_xact_lock(" + std::to_string(kPostgresStartupLock) +
        "); CREATE SCHEMA IF NOT EXISTS " + identifier + "; COMMIT"));
    ESEQ_TRY_STATUS(connection->execute("SET search_path TO " + identifier));
  }
  return std::unique_ptr<SqlConnection>(std::move(connection));
}

}  // namespace espresso::storage
