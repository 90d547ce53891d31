import Foundation

/// A throw-away certificate authority and the server certificate it signed (for `localhost`
/// and 127.0.0.1), plus an unrelated authority that a `verify-full` test must not trust.
/// Made with the openssl command-line tool: EC keys, so the whole set takes a few
/// hundredths of a second.
public struct TestCertificates: Sendable {
  /// The authority that signed the server's certificate (the right `sslrootcert`).
  public let rootCertificate: String
  /// An authority that signed nothing the server shows (a wrong `sslrootcert`).
  public let otherRootCertificate: String
  public let serverCertificate: String
  public let serverKey: String

  static func make(in folder: String, shell: Shell) throws -> TestCertificates {
    let openssl = "/usr/bin/openssl"
    guard FileManager.default.isExecutableFile(atPath: openssl) else {
      throw Shell.Failure(
        command: openssl, status: 1, output: "openssl is not installed (apt-get install openssl)")
    }
    let files = TestCertificates(
      rootCertificate: folder + "/root.crt", otherRootCertificate: folder + "/other-root.crt",
      serverCertificate: folder + "/server.crt", serverKey: folder + "/server.key")
    let curve = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    for (name, certificate) in [
      ("smartconnect test root", files.rootCertificate),
      ("smartconnect other root", files.otherRootCertificate),
    ] {
      try shell.run(
        [openssl, "req", "-x509"] + curve + [
          "-keyout", certificate + ".key", "-out", certificate, "-days", "2", "-subj", "/CN=\(name)",
        ])
    }
    let extensions = folder + "/server.ext"
    try Data("subjectAltName=DNS:localhost,IP:127.0.0.1\n".utf8)
      .write(to: URL(fileURLWithPath: extensions))
    try shell.run(
      [openssl, "req"] + curve + [
        "-keyout", files.serverKey, "-out", folder + "/server.csr", "-subj", "/CN=localhost",
      ])
    try shell.run([
      openssl, "x509", "-req", "-in", folder + "/server.csr", "-CA", files.rootCertificate,
      "-CAkey", files.rootCertificate + ".key", "-CAcreateserial", "-out",
      files.serverCertificate, "-days", "2", "-extfile", extensions,
    ])
    // PostgreSQL refuses a key that others may read.
    try FileManager.default.setAttributes(
      [.posixPermissions: 0o600], ofItemAtPath: files.serverKey)
    return files
  }
}
