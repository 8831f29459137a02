#include "storage/synced_file.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <string>
#include <system_error>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

namespace espresso::storage {
namespace {

// O_DIRECT wants buffer, offset and length aligned to the device's logical block; 4096 covers
// every common one.
constexpr std::size_t kDirectAlignment = 4096;

// writev until everything is written (a regular file may still take less than asked).
bool write_all(int fd, std::span<iovec> parts) {
  while (!parts.empty()) {
    const ssize_t written = ::writev(fd, parts.data(), static_cast<int>(parts.size()));
    if (written < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    auto left = static_cast<std::size_t>(written);
    while (!parts.empty() && left >= parts.front().iov_len) {
      left -= parts.front().iov_len;
      parts = parts.subspan(1);
    }
    if (!parts.empty()) {
      parts.front().iov_base = static_cast<std::uint8_t*>(parts.front().iov_base) + left;
      parts.front().iov_len -= left;
    }
  }
  return true;
}

// Makes the folder's entries (a new file, a new subfolder) durable.
bool sync_folder(const std::filesystem::path& folder) {
  FileDescriptor fd(::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  return fd.get() >= 0 && ::fsync(fd.get()) == 0;
}

}  // namespace

std::string errno_text(int error) {
  return std::error_code(error, std::generic_category()).message();
}

FileDescriptor::~FileDescriptor() {
  if (fd_ >= 0) ::close(fd_);
}

struct SyncedFileWriter::AlignedBuffer {
  struct Free {
    void operator()(std::uint8_t* bytes) const { std::free(bytes); }
  };
  std::unique_ptr<std::uint8_t, Free> bytes;
  std::size_t capacity = 0;

  // `size` is a multiple of kDirectAlignment; nullptr when out of memory.
  std::uint8_t* reserve(std::size_t size) {
    if (size > capacity) {
      bytes.reset(static_cast<std::uint8_t*>(std::aligned_alloc(kDirectAlignment, size)));
      capacity = bytes ? size : 0;
    }
    return bytes.get();
  }
};

SyncedFileWriter::SyncedFileWriter() : buffer_(std::make_unique<AlignedBuffer>()) {}
SyncedFileWriter::~SyncedFileWriter() = default;
SyncedFileWriter::SyncedFileWriter(SyncedFileWriter&&) noexcept = default;
SyncedFileWriter& SyncedFileWriter::operator=(SyncedFileWriter&&) noexcept = default;

SyncedFileWriter::Direct SyncedFileWriter::write_direct(const std::filesystem::path& path,
                                                        std::span<const ByteView> parts) {
  std::size_t size = 0;
  for (const ByteView part : parts) size += part.size();
  const std::size_t padded = (size + kDirectAlignment - 1) / kDirectAlignment * kDirectAlignment;
  std::uint8_t* out = buffer_->reserve(padded);
  if (out == nullptr) {
    errno = ENOMEM;
    return Direct::kFailed;
  }
  std::uint8_t* end = out;
  for (const ByteView part : parts) end = std::copy(part.begin(), part.end(), end);
  std::fill(end, out + padded, std::uint8_t{0});
  // An existing file (the same record again) or a spare is overwritten in place: its blocks are
  // reused and ftruncate below cuts what the old contents had beyond the new size.
  int raw = ::open(path.c_str(), O_WRONLY | O_CLOEXEC | O_DIRECT);
  while (raw < 0 && errno == ENOENT && !spares_.empty()) {
    const std::filesystem::path spare = std::move(spares_.back());
    spares_.pop_back();
    if (::rename(spare.c_str(), path.c_str()) == 0) {
      raw = ::open(path.c_str(), O_WRONLY | O_CLOEXEC | O_DIRECT);
    } else {
      errno = ENOENT;  // a spare someone removed: try the next, or create
    }
  }
  if (raw < 0 && errno == ENOENT) {
    raw = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC | O_DIRECT, 0644);
  }
  FileDescriptor fd(raw);
  // EINVAL: this file system (tmpfs, some network ones) refuses direct I/O.
  if (fd.get() < 0) return errno == EINVAL ? Direct::kRefused : Direct::kFailed;
  std::size_t done = 0;
  while (done < padded) {
    const ssize_t written = ::pwrite(fd.get(), out + done, padded - done, static_cast<off_t>(done));
    if (written < 0 && errno == EINTR) continue;
    if (written < 0 && errno == EINVAL) return Direct::kRefused;
    if (written <= 0) return Direct::kFailed;
    done += static_cast<std::size_t>(written);
  }
  // The padding goes; the size change is metadata that fdatasync makes durable with the data.
  if (::ftruncate(fd.get(), static_cast<off_t>(size)) != 0 || ::fdatasync(fd.get()) != 0) {
    return Direct::kFailed;
  }
  return Direct::kWritten;
}

Status SyncedFileWriter::write(const std::filesystem::path& path, std::span<const ByteView> parts) {
  const auto folder = path.parent_path();
  std::error_code error;
  const bool new_folder = std::filesystem::create_directories(folder, error);
  if (error) return fail("cannot create " + folder.string() + ": " + error.message());
  if (new_folder && !sync_folder(folder.parent_path())) {
    return fail("cannot sync " + folder.parent_path().string() + ": " + errno_text(errno));
  }
  bool written = false;
  if (direct_) {
    const Direct direct = write_direct(path, parts);
    if (direct == Direct::kFailed) {
      return fail("cannot write " + path.string() + ": " + errno_text(errno));
    }
    written = direct == Direct::kWritten;
    direct_ = written;  // refused once: the page cache from now on
  }
  if (!written) {
    std::vector<iovec> vectors;
    for (const ByteView part : parts) {
      vectors.push_back({const_cast<std::uint8_t*>(part.data()), part.size()});
    }
    FileDescriptor fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
    if (fd.get() < 0 || !write_all(fd.get(), vectors) || ::fdatasync(fd.get()) != 0) {
      return fail("cannot write " + path.string() + ": " + errno_text(errno));
    }
  }
  if (!sync_folder(folder))
    return fail("cannot sync " + folder.string() + ": " + errno_text(errno));
  return {};
}

Status SyncedFileWriter::retire(const std::filesystem::path& path) {
  if (direct_ && spares_.size() < kMaxSpares) {
    std::filesystem::path spare = path.parent_path() / (std::to_string(spares_named_++) + ".spare");
    if (::rename(path.c_str(), spare.c_str()) == 0) {
      spares_.push_back(std::move(spare));
      return {};
    }
    if (errno == ENOENT) return {};  // nothing to retire
  }
  std::error_code error;
  std::filesystem::remove(path, error);  // absent: nothing to remove
  if (error) return fail("cannot remove " + path.string() + ": " + error.message());
  return {};
}

bool read_exactly(int fd, std::uint8_t* out, std::size_t size, std::uint64_t offset) {
  std::size_t done = 0;
  while (done < size) {
    const ssize_t got = ::pread(fd, out + done, size - done, static_cast<off_t>(offset + done));
    if (got < 0 && errno == EINTR) continue;
    if (got == 0) errno = EIO;  // the file ends early
    if (got <= 0) return false;
    done += static_cast<std::size_t>(got);
  }
  return true;
}

Result<Bytes> read_whole_file(const std::filesystem::path& path) {
  FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  struct stat info {};
  if (fd.get() < 0 || ::fstat(fd.get(), &info) != 0) {
    return fail("cannot read " + path.string() + ": " + errno_text(errno));
  }
  Bytes bytes(static_cast<std::size_t>(info.st_size));
  if (!read_exactly(fd.get(), bytes.data(), bytes.size(), 0)) {
    return fail("cannot read " + path.string() + ": " + errno_text(errno));
  }
  return bytes;
}

}  // namespace espresso::storage
