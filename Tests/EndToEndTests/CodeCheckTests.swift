import Testing

/// `smartconnect code check CODE...` through the real binary (DESIGN §4): the canonical form
/// of each valid code on stdout, each malformed one's reason on stderr, exit 1 if any is bad.
@Suite struct CodeCheckTests {
  // Check symbols computed independently of the Swift implementation (a few lines of Python
  // following DESIGN §2), so the binary is checked against the spec, not against itself.
  static let valid = "7K3QM-9XR2T-B8VN4-HDWPS"
  static let withLookalikes = "Q0R1S-1T0VW-XYZ01-2345K"

  @Test(arguments: [
    ("7K3QM-9XR2T-B8VN4-HDWPS", valid),
    ("7k3qm-9xr2t-b8vn4-hdwps", valid),
    ("7K3QM9XR2TB8VN4HDWPS", valid),
    ("7k3qm 9xr2t b8vn4 hdwps", valid),
    ("  7K3QM-9XR2T-B8VN4-HDWPS  ", valid),
    ("7K3-QM9XR-2TB8VN4HD-WPS", valid),
    ("QOR1S-1TOVW-XYZ01-2345K", withLookalikes),  // O read as 0
    ("q0rIs-lt0vw-xyz0i-2345k", withLookalikes),  // I and L read as 1
  ])
  func validCodePrintsItsCanonicalForm(input: String, canonical: String) async throws {
    let output = try await Binary.run(["code", "check", input])
    #expect(output.status == 0, "\(output)")
    #expect(output.stdout == canonical + "\n", "\(output)")
    #expect(output.stderr == "", "\(output)")
  }

  @Test(arguments: [
    ("", ["No code entered"]),
    ("  - -  ", ["No code entered"]),
    ("7K3QM-9XR2T-B8VN4-HDWPU", ["'U'", "position 20", "not used"]),
    ("7K3QM-9XR2T-B*VN4-HDWPS", ["'*'", "position 12", "not part of an activation code"]),
    ("7K3QM-9XR2T-B8VN4-HDWP", ["Found 19 symbols", "20"]),
    ("7K3QM-9XR2T-B8VN4-HDWPSS", ["Found 21 symbols", "20"]),
    ("7K3QM-9XR2T-B8VN4-HDWPT", ["mistyped", "swapped"]),
    ("K73QM-9XR2T-B8VN4-HDWPS", ["mistyped", "swapped"]),
  ])
  func malformedCodeIsRefusedWithItsReason(input: String, phrases: [String]) async throws {
    let output = try await Binary.run(["code", "check", input])
    #expect(output.status == 1, "\(output)")
    #expect(output.stdout == "", "\(output)")
    for phrase in phrases {
      #expect(output.stderr.contains(phrase), "missing \(phrase): \(output)")
    }
    #expect(output.stderr.split(separator: "\n").count == 1, "\(output)")
  }

  @Test func eachMalformedInputGetsItsOwnMessage() async throws {
    let inputs = [
      "", "7K3QM-9XR2T-B8VN4-HDWPU", "7K3QM-9XR2T-B*VN4-HDWPS", "7K3QM-9XR2T-B8VN4-HDWP",
      "7K3QM-9XR2T-B8VN4-HDWPT",
    ]
    var messages: Set<String> = []
    for input in inputs {
      let output = try await Binary.run(["code", "check", input])
      #expect(output.status == 1, "\(output)")
      messages.insert(output.stderr)
    }
    #expect(messages.count == inputs.count)
  }

  @Test func mixedValidAndInvalidExitsOneButReportsEveryCode() async throws {
    let output = try await Binary.run([
      "code", "check", Self.valid.lowercased(), "7K3QM-9XR2T-B8VN4-HDWPT", Self.withLookalikes,
    ])
    #expect(output.status == 1, "\(output)")
    #expect(output.stdout == Self.valid + "\n" + Self.withLookalikes + "\n", "\(output)")
    #expect(output.stderr.hasPrefix("7K3QM-9XR2T-B8VN4-HDWPT: "), "\(output)")
    #expect(output.stderr.contains("swapped"), "\(output)")
  }

  @Test func allValidExitsZero() async throws {
    let output = try await Binary.run(["code", "check", Self.valid, Self.withLookalikes])
    #expect(output.status == 0, "\(output)")
    #expect(output.stdout == Self.valid + "\n" + Self.withLookalikes + "\n", "\(output)")
  }

  @Test func controlCharactersInInputAreEscapedNotEchoed() async throws {
    let output = try await Binary.run(["code", "check", "7K3QM\u{1B}[2J"])
    #expect(output.status == 1, "\(output)")
    #expect(!output.stderr.contains("\u{1B}"), "\(output)")
    #expect(output.stderr.contains("\\u{1b}"), "\(output)")
  }

  @Test func noCodeIsAUsageError() async throws {
    let output = try await Binary.run(["code", "check"])
    #expect(output.status == 64, "\(output)")
    #expect(output.stderr.contains("Usage"), "\(output)")
  }
}
