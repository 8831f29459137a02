#include "storage/blob_files.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <string>
#include <system_error>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "common/encoding.hpp"

namespace espresso::storage {
namespace {

constexpr std::uint64_t kHeightsPerFolder = 4096;
constexpr std::uint32_t kMagic = 0x424c4245;  // "EBLB" little-endian
constexpr std::uint32_t kHasShare = 1;
constexpr std::size_t kHeaderSize = 4 + 4 + 8 + 8;
// O_DIRECT wants buffer, offset and length aligned to the device's logical block; 4096 covers
// every common one.
constexpr std::size_t kDirectAlignment = 4096;

std::string errno_text(int error) {
  return std::error_code(error, std::generic_category()).message();
}

// Closes the descriptor on every path out.
class Descriptor {
 public:
  explicit Descriptor(int fd) : fd_(fd) {}
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;
  ~Descriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

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

bool read_all(int fd, std::uint8_t* out, std::size_t size, std::uint64_t offset) {
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

// Makes the folder's entries (a new file, a new subfolder) durable.
bool sync_folder(const std::filesystem::path& folder) {
  Descriptor fd(::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  return fd.get() >= 0 && ::fsync(fd.get()) == 0;
}

}  // namespace

struct BlobFiles::AlignedBuffer {
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

BlobFiles::BlobFiles(std::filesystem::path dir)
    : dir_(std::move(dir)), buffer_(std::make_unique<AlignedBuffer>()) {}
BlobFiles::~BlobFiles() = default;
BlobFiles::BlobFiles(BlobFiles&&) noexcept = default;
BlobFiles& BlobFiles::operator=(BlobFiles&&) noexcept = default;

bool BlobFiles::write_direct(const std::filesystem::path& path, ByteView header, ByteView payload,
                             ByteView share) {
  const std::size_t size = header.size() + payload.size() + share.size();
  const std::size_t padded = (size + kDirectAlignment - 1) / kDirectAlignment * kDirectAlignment;
  std::uint8_t* out = buffer_->reserve(padded);
  if (out == nullptr) {
    errno = ENOMEM;
    return false;
  }
  std::uint8_t* end = std::copy(header.begin(), header.end(), out);
  end = std::copy(payload.begin(), payload.end(), end);
  end = std::copy(share.begin(), share.end(), end);
  std::fill(end, out + padded, std::uint8_t{0});
  Descriptor fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_DIRECT, 0644));
  if (fd.get() < 0) return false;
  std::size_t done = 0;
  while (done < padded) {
    const ssize_t written = ::pwrite(fd.get(), out + done, padded - done, static_cast<off_t>(done));
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) return false;
    done += static_cast<std::size_t>(written);
  }
  // The padding goes; the size change is metadata that fdatasync makes durable with the data.
  return ::ftruncate(fd.get(), static_cast<off_t>(size)) == 0 && ::fdatasync(fd.get()) == 0;
}

std::filesystem::path BlobFiles::file_of(std::uint64_t height) const {
  return dir_ / std::to_string(height / kHeightsPerFolder) / (std::to_string(height) + ".blob");
}

Result<std::uint64_t> BlobFiles::write(std::uint64_t height, ByteView payload,
                                       const std::optional<Bytes>& vid_share) {
  const auto path = file_of(height);
  const auto folder = path.parent_path();
  std::error_code error;
  const bool new_folder = std::filesystem::create_directories(folder, error);
  if (error) return fail("blob files: cannot create " + folder.string() + ": " + error.message());
  if (new_folder && !sync_folder(folder.parent_path())) {
    return fail("blob files: cannot sync " + folder.parent_path().string() + ": " +
                errno_text(errno));
  }

  Writer header;
  header.u32(kMagic).u32(vid_share ? kHasShare : 0).u64(payload.size());
  header.u64(vid_share ? vid_share->size() : 0);
  const ByteView share = vid_share ? ByteView(*vid_share) : ByteView{};
  const std::uint64_t size = header.size() + payload.size() + share.size();
  if (direct_) {
    if (write_direct(path, header.bytes(), payload, share)) {
      if (!sync_folder(folder)) {
        return fail("blob files: cannot sync " + folder.string() + ": " + errno_text(errno));
      }
      return size;
    }
    // EINVAL: this file system (tmpfs, some network ones) refuses direct writes; use the page
    // cache from now on. Anything else is a real failure.
    if (errno != EINVAL) {
      return fail("blob files: cannot write " + path.string() + ": " + errno_text(errno));
    }
    direct_ = false;
  }
  iovec parts[3] = {
      {const_cast<std::uint8_t*>(header.bytes().data()), header.size()},
      {const_cast<std::uint8_t*>(payload.data()), payload.size()},
      {const_cast<std::uint8_t*>(share.data()), share.size()},
  };
  Descriptor fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  if (fd.get() < 0) {
    return fail("blob files: cannot open " + path.string() + ": " + errno_text(errno));
  }
  if (!write_all(fd.get(), parts) || ::fdatasync(fd.get()) != 0 || !sync_folder(folder)) {
    return fail("blob files: cannot write " + path.string() + ": " + errno_text(errno));
  }
  return size;
}

Result<BlockBlobs> BlobFiles::read(std::uint64_t height) const {
  const auto path = file_of(height);
  const std::string what = "blob file " + path.string();
  Descriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return fail(what + ": " + errno_text(errno));
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0) return fail(what + ": " + errno_text(errno));
  const auto size = static_cast<std::uint64_t>(info.st_size);
  std::uint8_t raw_header[kHeaderSize];
  if (size < kHeaderSize || !read_all(fd.get(), raw_header, kHeaderSize, 0)) {
    return fail(what + ": " + std::to_string(size) + " bytes, shorter than its header");
  }
  Reader reader(ByteView(raw_header, kHeaderSize));
  const auto magic = reader.u32();
  const auto flags = reader.u32();
  const auto payload_size = reader.u64();
  const auto share_size = reader.u64();
  if (*magic != kMagic || (*flags & ~kHasShare) != 0 ||
      ((*flags & kHasShare) == 0 && *share_size != 0)) {
    return fail(what + ": not a blob file");
  }
  if (*payload_size > size || *share_size > size - *payload_size ||
      kHeaderSize + *payload_size + *share_size != size) {
    return fail(what + ": " + std::to_string(size) + " bytes, its header promises " +
                std::to_string(*payload_size) + " of payload and " + std::to_string(*share_size) +
                " of VID share");
  }
  BlockBlobs blobs;
  blobs.payload.resize(*payload_size);
  bool read = read_all(fd.get(), blobs.payload.data(), blobs.payload.size(), kHeaderSize);
  if (read && (*flags & kHasShare) != 0) {
    blobs.vid_share.emplace(*share_size);
    read = read_all(fd.get(), blobs.vid_share->data(), *share_size, kHeaderSize + *payload_size);
  }
  if (!read) return fail(what + ": cannot read it: " + errno_text(errno));
  return blobs;
}

Status BlobFiles::remove_through(std::uint64_t height) const {
  std::error_code error;
  if (!std::filesystem::exists(dir_, error)) return {};
  for (const auto& folder : std::filesystem::directory_iterator(dir_, error)) {
    std::uint64_t index = 0;
    const std::string name = folder.path().filename().string();
    const auto [end, parsed] = std::from_chars(name.data(), name.data() + name.size(), index);
    if (parsed != std::errc{} || end != name.data() + name.size()) continue;  // not ours
    if (index * kHeightsPerFolder > height) continue;
    if ((index + 1) * kHeightsPerFolder - 1 <= height) {
      std::filesystem::remove_all(folder.path(), error);
      if (error)
        return fail("blob files: cannot remove " + folder.path().string() + ": " + error.message());
      continue;
    }
    for (const auto& file : std::filesystem::directory_iterator(folder.path(), error)) {
      std::uint64_t file_height = 0;
      const std::string stem = file.path().stem().string();
      const auto [stem_end, stem_parsed] =
          std::from_chars(stem.data(), stem.data() + stem.size(), file_height);
      if (stem_parsed != std::errc{} || stem_end != stem.data() + stem.size()) continue;
      if (file_height > height) continue;
      std::filesystem::remove(file.path(), error);
      if (error)
        return fail("blob files: cannot remove " + file.path().string() + ": " + error.message());
    }
    if (error)
      return fail("blob files: cannot list " + folder.path().string() + ": " + error.message());
  }
  if (error) return fail("blob files: cannot list " + dir_.string() + ": " + error.message());
  return {};
}

std::optional<std::filesystem::path> blob_dir_for(const std::string& database_path) {
  if (database_path.empty() || database_path == ":memory:" || database_path.starts_with("file:")) {
    return std::nullopt;
  }
  return std::filesystem::path(database_path + ".blobs");
}

}  // namespace espresso::storage
