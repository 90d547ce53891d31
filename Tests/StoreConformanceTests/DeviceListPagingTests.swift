import Foundation
import Subscriptions
import Testing

@testable import SubscriptionStore

/// Keyset paging: walking a list window by window, forwards from the top or backwards from
/// the end, gives exactly the list in overview order (site, name, serial compared byte by
/// byte), filtered or not, on every store.
@Suite struct DeviceListPagingTests {
  static let everyKindOfWindow: [DeviceWindow] = [
    .first(limit: 3), .last(limit: 3),
    .after(DeviceKey(site: "s", name: "n", serial: "x"), limit: 3),
    .from(DeviceKey(site: "s", name: "n", serial: "x"), limit: 3),
    .before(DeviceKey(site: "s", name: "n", serial: "x"), limit: 3),
  ]

  /// Names whose byte order differs from their case-insensitive order, shared names and
  /// sites (the serial decides), and scripts beyond ASCII.
  static let fleet: [Device] = {
    let sites = ["Lyon", "lyon", "Łódź", "Москва", "東京", "Aarhus", "Zürich"]
    let names = [
      "alpha", "Alpha", "ALPHA", "Beta", "beta", "Überwachung", "uberwachung", "Ёлка",
      "ёлка", "Щит", "café", "CAFÉ", "cafe\u{301}", "電源", "🔋 rack", "İstanbul", "ß-Raum",
    ]
    var devices: [Device] = []
    var index = 0
    for site in sites {
      for (n, name) in names.enumerated() where (n + index) % 3 != 0 {
        devices.append(
          Device(serial: "S\(String(format: "%03d", (index * 37) % 211))", name: name,
                 model: n % 2 == 0 ? "Smart-UPS 1500" : "Back-UPS Pro", site: site))
        index += 1
      }
      // Two devices alike but for the serial.
      devices.append(Device(serial: "T\(index)b", name: "Twin", model: "M", site: site))
      devices.append(Device(serial: "T\(index)a", name: "Twin", model: "M", site: site))
      index += 1
    }
    return devices
  }()

  /// The list as it must come: matched as `DeviceSearch` says (code points of the
  /// lower-cased text, as SQL's `instr` and `strpos` compare them: a precomposed "é" is not
  /// an "e" with a combining accent), ordered by `DeviceKey`.
  static func expected(_ filter: String) -> [String] {
    let needle = Array(DeviceSearch.needle(filter).utf8)
    func matches(_ device: Device) -> Bool {
      let text = Array(DeviceSearch.text(of: device).utf8)
      guard text.count >= needle.count else { return false }
      return (0...(text.count - needle.count)).contains { start in
        text[start..<start + needle.count].elementsEqual(needle)
      }
    }
    return fleet.filter { needle.isEmpty || matches($0) }
      .sorted { DeviceKey($0).precedes(DeviceKey($1)) }.map(\.serial)
  }

  static let filters = [
    "", "a", "A", "é", "É", "e", "ё", "Ё", "щ", "電", "🔋", "ly", "LY", "ль", "ал", "twin",
    "ÜBER", "café", "cafe\u{301}", "\u{301}", "i", "ss", "ß", "smart-ups", "s0", "1",
    "nothing-like-it", "%", "_",
  ]

  @Test(arguments: StoreKind.allCases, filters)
  func forwardAndBackwardWalksGiveTheWholeListInOrder(kind: StoreKind, filter: String)
    async throws
  {
    let store = try await kind.makeStore()
    try await store.addDevices(Self.fleet, context: Fixture.context())
    let expected = Self.expected(filter)
    #expect(try await store.deviceCount(filter: filter) == expected.count)

    var forward = try await store.devices(filter: filter, window: .first(limit: 4))
    while let last = forward.last {
      let next = try await store.devices(filter: filter, window: .after(DeviceKey(last), limit: 4))
      if next.isEmpty { break }
      forward += next
    }
    #expect(forward.map(\.serial) == expected)

    var backward = try await store.devices(filter: filter, window: .last(limit: 5))
    while let first = backward.first {
      let previous = try await store.devices(
        filter: filter, window: .before(DeviceKey(first), limit: 5))
      if previous.isEmpty { break }
      backward = previous + backward
    }
    #expect(backward.map(\.serial) == expected)

    // From a device's own key: that device first, then the next ones.
    if let middle = forward.dropFirst(forward.count / 2).first {
      let from = try await store.devices(filter: filter, window: .from(DeviceKey(middle), limit: 3))
      let at = expected.firstIndex(of: middle.serial) ?? 0
      #expect(from.map(\.serial) == Array(expected[at..<min(at + 3, expected.count)]))
    }
  }

  /// A list longer than the run a filtered window reads first: a needle that few devices
  /// match is found past it, through the trigram index (three code points or more) or by
  /// reading on (one or two), walking forwards and backwards alike.
  @Test(arguments: StoreKind.allCases, ["zq", "zqy", "-zq", "q", "ups 1"])
  func aRareMatchFarDownALongListIsFound(kind: StoreKind, filter: String) async throws {
    let store = try await kind.makeStore()
    var fleet = (0..<(DeviceSearch.probeRows * 2 + 500)).map {
      Device(serial: String(format: "L%05d", $0), name: "UPS \($0)", model: "M",
             site: "Site \($0 / 700)")
    }
    // Three rare ones: near the top, beyond the first run, and at the very end.
    for (index, at) in [3, DeviceSearch.probeRows + 100, fleet.count - 1].enumerated() {
      fleet[at].name = "UPS-ZQY\(index)"
    }
    try await store.addDevices(fleet, context: Fixture.context())
    let needle = Array(DeviceSearch.needle(filter).utf8)
    let expected = fleet.filter { device in
      let text = Array(DeviceSearch.text(of: device).utf8)
      return text.count >= needle.count
        && (0...(text.count - needle.count)).contains {
          text[$0..<$0 + needle.count].elementsEqual(needle)
        }
    }.sorted { DeviceKey($0).precedes(DeviceKey($1)) }.map(\.serial)
    #expect(try await store.deviceCount(filter: filter) == expected.count)
    var forward = try await store.devices(filter: filter, window: .first(limit: 2))
    while let last = forward.last, forward.count < expected.count + 1 {
      let next = try await store.devices(filter: filter, window: .after(DeviceKey(last), limit: 2))
      if next.isEmpty { break }
      forward += next
    }
    #expect(forward.map(\.serial) == expected)
    let backward = try await store.devices(filter: filter, window: .last(limit: 2))
    #expect(backward.map(\.serial) == Array(expected.suffix(2)))
  }

  /// A key is a place in the order, not a row: seeking from a device that does not match the
  /// filter (or does not exist) starts just after where it would be.
  @Test(arguments: StoreKind.allCases)
  func seekingFromAKeyThatIsNotInTheListStartsWhereItWouldBe(kind: StoreKind) async throws {
    let store = try await kind.makeStore()
    try await store.addDevices(Self.fleet, context: Fixture.context())
    let all = Self.expected("")
    let ghost = DeviceKey(site: "Lyon", name: "Beta", serial: "S000")  // not a device
    let after = try await store.devices(filter: "", window: .after(ghost, limit: 2))
    let before = try await store.devices(filter: "", window: .before(ghost, limit: 2))
    let byKey = Dictionary(uniqueKeysWithValues: Self.fleet.map { ($0.serial, DeviceKey($0)) })
    let split = all.firstIndex { ghost.precedes(byKey[$0]!) } ?? all.count
    #expect(after.map(\.serial) == Array(all[split..<min(split + 2, all.count)]))
    #expect(before.map(\.serial) == Array(all[max(0, split - 2)..<split]))
  }
}
