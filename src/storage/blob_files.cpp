#include "storage/blob_files.hpp"

#include <charconv>
#include <string>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/encoding.hpp"

namespace espresso::storage {
namespace {

constexpr std::uint64_t kHeightsPerFolder = 4096;
constexpr std::uint32_t kMagic = 0x424c4245;  // "EBLB" little-endian
constexpr std::uint32_t kHasShare = 1;
constexpr std::size_t kHeaderSize = 4 + 4 + 8 + 8;

}  // namespace

std::filesystem::path BlobFiles::file_of(std::uint64_t height) const {
  return dir_ / std::to_string(height / kHeightsPerFolder) / (std::to_string(height) + ".blob");
}

Result<std::uint64_t> BlobFiles::write(std::uint64_t height, ByteView payload,
                                       const std::optional<Bytes>& vid_share) {
  Writer header;
  header.u32(kMagic).u32(vid_share ? kHasShare : 0).u64(payload.size());
  header.u64(vid_share ? vid_share->size() : 0);
  const ByteView share = vid_share ? ByteView(*vid_share) : ByteView{};
  const ByteView parts[] = {header.bytes(), payload, share};
  if (auto written = writer_.write(file_of(height), parts); !written) {
    return fail(std::move(written).error().context("blob files"));
  }
  return header.size() + payload.size() + share.size();
}

Result<BlockBlobs> BlobFiles::read(std::uint64_t height) const {
  const auto path = file_of(height);
  const std::string what = "blob file " + path.string();
  FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return fail(what + ": " + errno_text(errno));
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0) return fail(what + ": " + errno_text(errno));
  const auto size = static_cast<std::uint64_t>(info.st_size);
  std::uint8_t raw_header[kHeaderSize];
  if (size < kHeaderSize || !read_exactly(fd.get(), raw_header, kHeaderSize, 0)) {
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
  bool read = read_exactly(fd.get(), blobs.payload.data(), blobs.payload.size(), kHeaderSize);
  if (read && (*flags & kHasShare) != 0) {
    blobs.vid_share.emplace(*share_size);
    read =
        read_exactly(fd.get(), blobs.vid_share->data(), *share_size, kHeaderSize + *payload_size);
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
