#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A whole file mapped read-only into memory; `deinit` unmaps it.
///
/// The mapping is `PROT_READ` + `MAP_PRIVATE`: nobody can write through it, so handing read-only pointers
/// into it to several threads is safe for as long as this object lives (see `WeightStorage`).
final class MappedFile {
    let path: String
    let base: UnsafeRawPointer
    let count: Int

    init(path: String) throws(T5Error) {
        self.path = path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { throw .missingFile(path: path) }
            throw .ioFailure(path: path, call: "open", errno: errno)
        }
        // The mapping keeps its own reference to the file (mmap(2)), so the descriptor can go now.
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .ioFailure(path: path, call: "fstat", errno: errno) }
        count = Int(info.st_size)
        guard count > 0 else {
            throw .truncatedFile(path: path, detail: "empty file")
        }
        guard let mapped = mmap(nil, count, PROT_READ, MAP_PRIVATE, fd, 0), mapped != MAP_FAILED else {
            throw .ioFailure(path: path, call: "mmap", errno: errno)
        }
        base = UnsafeRawPointer(mapped)
    }

    /// Drops the resident pages lying wholly inside `range` (bytes from `base`) once their contents were
    /// copied elsewhere: `MADV_DONTNEED` on a private, never-written file mapping just forgets the pages
    /// (madvise(2)); a later read would fault them in again from the file, so this never changes data.
    func release(_ range: Range<Int>) {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        guard page > 0 else { return }
        let start = (range.lowerBound + page - 1) / page * page, end = range.upperBound / page * page
        guard end > start else { return }
        _ = madvise(UnsafeMutableRawPointer(mutating: base + start), end - start, MADV_DONTNEED)
    }

    deinit {
        munmap(UnsafeMutableRawPointer(mutating: base), count)
    }
}
