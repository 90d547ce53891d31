import Foundation
import Subscriptions
import Testing

@testable import SubscriptionStore

/// The byte-level check an import runs on ASCII devices decides exactly as the Unicode rules
/// do, and leaves every other device to them.
@Suite struct DeviceCheckTests {
  /// Printable ASCII, the space, controls (tab, line breaks, escape, DEL) and one letter
  /// beyond ASCII, so every branch of both checks is reached.
  static let alphabet: [Character] =
    Array("aZ09-_. ") + ["\t", "\n", "\r\n", "\u{1B}", "\u{7F}", "é"]

  static func text(_ random: inout SeededRandom, around length: Int) -> String {
    let count = max(0, length + Int.random(in: -3...3, using: &random))
    let plain = Bool.random(using: &random)
    return String(
      (0..<count).map { _ in
        plain
          ? Character(UnicodeScalar(UInt8.random(in: 0x21...0x7E, using: &random)))
          : alphabet.randomElement(using: &random) ?? "a"
      })
  }

  @Test(arguments: 1...8 as ClosedRange<UInt64>)
  func asciiVerdictIsTheUnicodeRulesAnswer(seed: UInt64) {
    var random = SeededRandom(seed: seed)
    var decided = 0
    for _ in 0..<2_000 {
      let lengths = [0, 1, 5, DeviceCheck.maxSerialLength, DeviceCheck.maxTextLength]
      func pick() -> Int { lengths.randomElement(using: &random) ?? 5 }
      let device = Device(
        serial: Self.text(&random, around: min(pick(), 70)),
        name: Self.text(&random, around: pick()), model: Self.text(&random, around: pick()),
        site: Self.text(&random, around: pick()))
      switch DeviceCheck.asciiVerdict(device) {
      case .fine:
        decided += 1
        #expect(DeviceCheck.unicodeProblem(with: device) == nil, "\(device)")
      case .refused(let problem):
        decided += 1
        #expect(DeviceCheck.unicodeProblem(with: device) == problem, "\(device)")
      case .undecided:
        #expect(
          device.serial.unicodeScalars.contains { !(0x20..<0x7F).contains($0.value) }
            || [device.name, device.model, device.site].contains {
              $0.unicodeScalars.contains { !(0x20..<0x7F).contains($0.value) }
            })
      }
      #expect(DeviceCheck.problem(with: device) == DeviceCheck.unicodeProblem(with: device))
    }
    #expect(decided > 200)
  }

  @Test(arguments: [
    (Device(serial: "", name: "x"), DeviceProblem?.some(.emptySerial)),
    (Device(serial: String(repeating: "S", count: 65), name: "x"), .serialTooLong),
    (Device(serial: "A B", name: "x"), .spaceInSerial),
    (Device(serial: "A1", name: "   "), .emptyName),
    (Device(serial: "A1", name: ""), .emptyName),
    (Device(serial: "A1", name: "x", model: String(repeating: "m", count: 201)), .tooLong(.model)),
    (Device(serial: "A1", name: "x\u{7F}"), .controlCharacter(.name)),
    (Device(serial: "A1", name: "Guérite"), nil),
    (Device(serial: "AS1935123401", name: "Rack A1 UPS", model: "Smart-UPS", site: "Lyon"), nil),
  ])
  func devicesAreCheckedAsBefore(device: Device, problem: DeviceProblem?) {
    #expect(DeviceCheck.problem(with: device) == problem)
  }
}
