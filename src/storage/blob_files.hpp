#pragma once
// Large block blobs (payload and VID share) of the SQLite query store, one file per height,
// outside the database. Through SQLite a megabyte is written twice (the WAL, then the checkpoint
// into the database file) in one syscall per 4 KiB page, and syscalls are what a loaded node's
// storage spends most on (docs/performance.md); here it is one write and one sync
// (synced_file.hpp). A file is on
// disk before the row that names it commits (write() syncs it), so a row never outlives its file;
// a file whose row never committed is overwritten by the next insert at its height or removed by
// the pruner. Layout: <dir>/<height / 4096>/<height>.blob.

#include <cstdint>
#include <filesystem>
#include <optional>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "storage/synced_file.hpp"

namespace espresso::storage {

// Blocks whose payload and share together reach this size go to a file; smaller ones stay in
// their row, where a file per block would cost more than it saves.
inline constexpr std::size_t kBlobFileThreshold = 64 * 1024;

struct BlockBlobs {
  Bytes payload;
  std::optional<Bytes> vid_share;
};

class BlobFiles {
 public:
  explicit BlobFiles(std::filesystem::path dir) : dir_(std::move(dir)) {}

  const std::filesystem::path& dir() const { return dir_; }

  // Writes (replacing) the blobs of `height` and syncs them; returns the bytes written.
  Result<std::uint64_t> write(std::uint64_t height, ByteView payload,
                              const std::optional<Bytes>& vid_share);
  // Reads the blobs of `height`; an error names the file and what is wrong with it.
  Result<BlockBlobs> read(std::uint64_t height) const;
  // Removes the files of every height at or below `height` (those the pruner deleted, and any
  // left by an insert that never committed).
  Status remove_through(std::uint64_t height) const;

 private:
  std::filesystem::path file_of(std::uint64_t height) const;

  std::filesystem::path dir_;
  SyncedFileWriter writer_;
};

// The blob folder of the SQLite database at `database_path`, or nullopt for an in-memory one.
std::optional<std::filesystem::path> blob_dir_for(const std::string& database_path);

}  // namespace espresso::storage
