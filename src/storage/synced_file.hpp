#pragma once
// Whole files written durably in one go, for large blobs kept next to a database (blob_files.hpp,
// the consensus store's records): create or replace, sync the data and the folder entry, and
// only then let a row name the file. O_DIRECT from a reused aligned buffer where the file system
// allows it: on the development VM, filling fresh page-cache pages cost 1-2 ms of CPU per
// megabyte, a direct write 0.2 ms (docs/performance.md).

#include <filesystem>
#include <memory>
#include <span>
#include <vector>

#include "common/bytes.hpp"
#include "common/result.hpp"

namespace espresso::storage {

class SyncedFileWriter {
 public:
  SyncedFileWriter();
  ~SyncedFileWriter();
  SyncedFileWriter(SyncedFileWriter&&) noexcept;
  SyncedFileWriter& operator=(SyncedFileWriter&&) noexcept;

  // Creates the folders on the way if needed, then creates or replaces `path` with the parts,
  // one after the other; on disk when it returns.
  Status write(const std::filesystem::path& path, std::span<const ByteView> parts);

  // Takes `path`, a file this writer wrote that nothing names any more, out of use: renamed to a
  // spare in its folder (`*.spare`) that a later write() to a new path renames into place and
  // overwrites, up to kMaxSpares; removed beyond them or when writes do not go direct. Creating a
  // file costs ext4 a search for a free inode that skips recently deleted ones, and files that
  // live for one view made it 6% of a node's CPU at 4000 1 KiB tx/s (docs/performance.md).
  // Whoever owns the folder removes leftover spares after a restart.
  Status retire(const std::filesystem::path& path);

  static constexpr std::size_t kMaxSpares = 32;

 private:
  enum class Direct { kWritten, kRefused, kFailed };
  Direct write_direct(const std::filesystem::path& path, std::span<const ByteView> parts);

  struct AlignedBuffer;
  std::unique_ptr<AlignedBuffer> buffer_;  // reused: fresh memory costs more than the copy
  bool direct_ = true;                     // until the file system refuses O_DIRECT
  std::vector<std::filesystem::path> spares_;
  std::uint64_t spares_named_ = 0;
};

// Reads `size` bytes at `offset` of an open file into `out`; false (errno set) on failure or a
// file that ends early.
bool read_exactly(int fd, std::uint8_t* out, std::size_t size, std::uint64_t offset);

// The whole file; an error names it.
Result<Bytes> read_whole_file(const std::filesystem::path& path);

// "No such file" as the reason of an error from the calls above.
std::string errno_text(int error);

// Closes the descriptor on every path out.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  ~FileDescriptor();
  int get() const { return fd_; }

 private:
  int fd_;
};

}  // namespace espresso::storage
