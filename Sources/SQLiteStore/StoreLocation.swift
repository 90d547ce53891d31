import Foundation
import SubscriptionStore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Where the store file lives, and how it comes into being: a 0600 file in a 0700 folder,
/// because it holds the fleet, the plans and the audit trail of one account.
public enum StoreLocation {
  /// `$XDG_DATA_HOME/smartconnect/smartconnect.sqlite`, falling back to
  /// `~/.local/share/smartconnect/smartconnect.sqlite` as the XDG spec says when the variable
  /// is unset, empty or not an absolute path.
  public static func defaultPath(environment: [String: String]) -> String {
    let dataHome: String
    if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
      dataHome = xdg
    } else {
      let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
      dataHome = home + "/.local/share"
    }
    return dataHome + "/smartconnect/smartconnect.sqlite"
  }

  /// Makes sure the folder exists (creating missing folders with mode 0700) and is writable,
  /// and creates the file with mode 0600 if it does not exist yet, before SQLite opens it
  /// (SQLite would create it with the umask's mode, usually 0644).
  static func prepare(path: String) throws(StoreError) {
    let folder = (path as NSString).deletingLastPathComponent
    let effectiveFolder = folder.isEmpty ? "." : folder
    try makeFolder(effectiveFolder, storePath: path)
    // SQLite writes the -wal and -shm files next to the store, so the folder itself has
    // to be writable even when the file already exists.
    guard access(effectiveFolder, W_OK) == 0 else {
      throw .cannotOpen(
        path: path, reason: .folderNotWritable(folder: effectiveFolder, detail: errnoText()))
    }
    let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
    if fd >= 0 {
      _ = fchmod(fd, 0o600)
      close(fd)
      return
    }
    let failure = errno
    if failure == EEXIST {
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory),
        isDirectory.boolValue
      {
        throw .cannotOpen(
          path: path,
          reason: .isAFolder(example: "\(path)/smartconnect.sqlite"))
      }
      // /dev/null, a pipe or a socket would fail later as a puzzling "disk I/O error".
      var info = stat()
      if stat(path, &info) == 0 && (info.st_mode & S_IFMT) != S_IFREG {
        throw .cannotOpen(
          path: path, reason: .notARegularFile)
      }
      return
    }
    throw .cannotOpen(path: path, reason: .fileNotCreated(detail: errnoText(failure)))
  }

  /// Runs `body` holding an exclusive `flock` on the store's folder, so that processes
  /// opening a new store at the same moment switch it to WAL and run its migrations one
  /// after the other (SQLite refuses the concurrent journal-mode switch with SQLITE_BUSY, and
  /// GRDB's migrator checks what is applied outside its transaction). A lock on the folder
  /// rather than the file: closing any descriptor of the database file would drop SQLite's
  /// own POSIX locks on it. Where `flock` is not supported, `body` runs without it.
  static func whileSettingUp<T>(path: String, _ body: () throws(StoreError) -> T)
    throws(StoreError) -> T
  {
    let folder = (path as NSString).deletingLastPathComponent
    let fd = open(folder.isEmpty ? "." : folder, O_RDONLY | O_CLOEXEC)
    if fd >= 0 {
      while flock(fd, LOCK_EX) != 0 && errno == EINTR {}
    }
    defer {
      if fd >= 0 {
        flock(fd, LOCK_UN)
        close(fd)
      }
    }
    return try body()
  }

  /// Creates `folder` and any missing parents with mode 0700.
  private static func makeFolder(_ folder: String, storePath: String) throws(StoreError) {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) {
      guard isDirectory.boolValue else {
        throw .cannotOpen(path: storePath, reason: .notAFolder(folder: folder))
      }
      return
    }
    let parent = (folder as NSString).deletingLastPathComponent
    if !parent.isEmpty && parent != folder {
      try makeFolder(parent, storePath: storePath)
    }
    if mkdir(folder, 0o700) != 0 && errno != EEXIST {
      throw .cannotOpen(
        path: storePath, reason: .folderNotCreated(folder: folder, detail: errnoText()))
    }
  }

  /// Which file a path names: device and inode.
  struct FileIdentity: Sendable, Hashable {
    var device: UInt64
    var inode: UInt64
  }

  /// The file `path` names right now, or `nil` when there is none.
  static func identity(of path: String) -> FileIdentity? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    return FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
  }

  private static func errnoText(_ code: Int32 = errno) -> String {
    String(cString: strerror(code))
  }
}
