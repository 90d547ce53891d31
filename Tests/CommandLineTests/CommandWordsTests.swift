import Foundation
import Localization
import SubscriptionStore
import Subscriptions
import Testing
import UPSDiscovery

@testable import smartconnect

/// What the command line says (issue 15 §2): every message, error and result in every
/// language with every placeholder filled; the language chosen before parsing.
@Suite("Command-line words")
struct CommandWordsTests {
  static let translated = Language.allCases.filter { $0 != .english }

  /// One of each message; `sameInEveryLanguage` are those made only of data (a reason
  /// another library gives in English, an option name).
  static let messages: [(CommandMessage, sameInEveryLanguage: Bool)] = [
    (.badInstant(option: "--now", .malformed("tomorrow")), false),
    (.emptyOperator, false), (.operatorControlCharacter, false),
    (.store(.empty(source: "--store")), false),
    (.unreadableOptionFile(option: "--devices-from", path: "/tmp/x"), false),
    (.optionFileIsFolder(option: "--devices-from", path: "/tmp"), false),
    (.badDevice(.emptyName), false), (.countOutOfRange, false), (.termOutOfRange, false),
    (.seatsOutOfRange, false), (.noFile(path: "/tmp/x.csv"), false),
    (.csvIsFolder(path: "/tmp"), false), (.speedOutOfRange, false),
    (.plainWithRecording, false), (.demoWithStore, false),
    (.badNUTServer(.badPort("y")), false), (.nutTimeoutOutOfRange, false),
    (.siteWithoutAdd, false), (.badNUTUser, false), (.nutAndNoNUT, false),
    (.badNUTEnvironment(.badHost("a b")), false),
    (.cannotRead(path: "/tmp/x", reason: "denied"), false), (.notUTF8(path: "/tmp/x"), false),
    (.noSerialsListed(path: "/tmp/x"), false), (.badCode(.checkMismatch), false),
    (.badCodeInput(echoed: "ABC", .wrongLength(found: 3)), false),
    (.noCodeOnStandardInput, false), (.csv(path: "/tmp/x.csv", .empty), false),
    (.serialInStoreAlready(path: "/tmp/x.csv", line: 3, serial: "SN1"), false),
    (.noTerminal, false), (.recordingNeedsFullScreen(term: "dumb"), false),
    (.cannotReadScript(path: "/tmp/x", reason: "denied"), false),
    (.upsdFailed(NUTError(NUTEndpoint(host: "localhost"), .cannotConnect(.refused)), adding: true), false),
    (.upsdFailed(NUTError(NUTEndpoint(host: "localhost"), .cannotConnect(.refused)), adding: false), false),
    (.addFailed(.busy), false), (.noNUTPassword(user: "monitor"), false),
    (.storeInitNeedsPostgres, false), (.noTechnicianPassword, false), (.passwordsDiffer, false),
    (.added(serial: "SN1", name: "UPS"), false), (.imported(count: 3), false),
    (.codePrompt, false), (.nutPasswordPrompt(user: "monitor"), false),
    (.rolePasswordPrompt(role: "technician"), false), (.againPrompt, false),
    (.schemaUpToDate(store: "postgres://db/fleet"), false),
    (.technicianRoleReady(store: "postgres://db/fleet", role: "technician"), false),
  ]

  @Test(arguments: Language.allCases)
  func everyMessageIsWordedWithEveryPlaceholderFilled(_ language: Language) {
    for (message, same) in Self.messages {
      let words = CommandWords.text(message, language)
      #expect(!words.isEmpty)
      #expect(!words.contains("{"), "\(language) \(message): \(words)")
      if language != .english {
        let english = CommandWords.text(message, .english)
        #expect((words == english) == same, "\(language) \(message): \(words)")
      }
    }
  }

  static let csvErrors: [DeviceCSVError] = [
    .empty, .notUTF8(line: 2), .badHeader(.notCommaSeparated),
    .badHeader(.unknownColumn("colour")), .badHeader(.columnTwice("serial")),
    .badHeader(.missingColumn(.name)), .malformed(line: 2, .quoteInsideUnquotedText(field: 2)),
    .malformed(line: 2, .quoteNeverClosed(field: 2)),
    .malformed(line: 2, .textAfterClosingQuote(field: 2)),
    .wrongFieldCount(line: 2, found: 3, expected: 4), .invalidField(line: 2, .emptySerial),
    .serialTwice(line: 4, serial: "AS1", firstLine: 2),
  ]

  static let timestampErrors: [TimestampError] =
    [.empty, .malformed("tomorrow"), .missingZone("2027-01-15T09:00:00")]
    + [
      TimestampError.Field.year, .month, .day, .hour, .minute, .second, .offset,
    ].map { .outOfRange($0, value: 99, "2027-99-99") }

  static let storeSpecErrors: [StoreSpecError] = [
    .empty(source: "--store"), .notAFileURL(source: "--store", given: "file://"),
    .unknownScheme(source: "SMARTCONNECT_STORE", scheme: "mysql"),
  ]

  @Test(arguments: translated)
  func everyErrorACommandReadsIsTranslated(_ language: Language) {
    var pairs: [(String, String)] = []
    pairs += Self.csvErrors.map { (CommandWords.text($0, .english), CommandWords.text($0, language)) }
    pairs += Self.timestampErrors.map {
      (CommandWords.text($0, .english), CommandWords.text($0, language))
    }
    pairs += Self.storeSpecErrors.map {
      (CommandWords.text($0, .english), CommandWords.text($0, language))
    }
    for (english, words) in pairs {
      #expect(words != english, "\(language): \(english)")
      #expect(!words.contains("{"), "\(language): \(words)")
    }
  }

  @Test func anInstantsWordsQuoteTheInputAndShowAFormThatWorks() {
    let english = { (error: TimestampError) in CommandWords.text(error, .english) }
    let malformed = english(.malformed("tomorrow"))
    #expect(malformed.contains("'tomorrow'"))
    #expect(malformed.contains("2027-01-15T09:00:00Z"))
    #expect(english(.empty).contains("2027-01-15"))
    let zone = english(.missingZone("2027-01-15T09:00:00"))
    #expect(zone.contains("Z"))
    #expect(zone.contains("+02:00"))
    #expect(english(.outOfRange(.day, value: 30, "2027-02-30")).contains("day 30"))
    #expect(english(.outOfRange(.month, value: 13, "x")).contains("01 to 12"))
    for language in Language.allCases {
      let said = CommandWords.text(TimestampError.malformed("a\u{1B}[2Jb"), language)
      #expect(!said.contains("\u{1B}"), "\(language): \(said)")
      #expect(said.contains("2027-01-15T09:00:00Z"), "the forms stay ISO: \(said)")
    }
  }

  @Test func theCSVLineAndFieldAreNamedInEveryLanguage() {
    let error = DeviceCSVError.invalidField(line: 7, .emptyName)
    #expect(
      CommandWords.text(error, .english)
        == "Line 7, field name: the name is empty; give every device a name.")
    // The column is named as the CSV header writes it, in every language.
    for language in Language.allCases {
      let words = CommandWords.text(error, language)
      #expect(words.contains("7") && words.contains("name"), "\(language): \(words)")
    }
  }

  @Test func anErrorACommandEndsWithIsPutIntoWordsAndAnythingElsePassesThrough() {
    let worded = CommandWords.worded(StoreError.unknownDevice(serial: "SN9"), .french)
    #expect(String(describing: worded).hasPrefix("Aucun appareil de n° de série SN9."))
    let refusal = CommandWords.worded(Refusal(.noCodeOnStandardInput), .japanese)
    #expect(String(describing: refusal) == CommandWords.text(.noCodeOnStandardInput, .japanese))
    struct Other: Error, Equatable {}
    #expect(CommandWords.worded(Other(), .french) as? Other == Other())
  }

  @Test(arguments: [
    (["--lang", "fr", "--help"], [:], Language.french),
    (["overview", "--lang=ja"], [:], .japanese),
    (["--store", "s", "activate", "X", "--lang", "de"], ["LANG": "fr_FR.UTF-8"], .german),
    (["activate", "--", "--lang", "fr"], ["LANG": "es_ES.UTF-8"], .spanish),
    (["--lang"], ["LANG": "ru_RU.UTF-8"], .russian),
    (["--lang", "xx"], ["LANG": "fr_FR.UTF-8"], .english),
    ([], ["LC_ALL": "it_IT.UTF-8", "LANG": "fr_FR.UTF-8"], .italian),
    ([], ["LANG": "C"], .english),
  ] as [([String], [String: String], Language)])
  func theLanguageIsChosenBeforeParsing(
    arguments: [String], environment: [String: String], language: Language
  ) {
    #expect(CommandLanguage.resolve(arguments: arguments, environment: environment) == language)
  }

  @Test func discoverReasonsAreEnglishInJSONAndTranslatedInTheTable() {
    let skip = DiscoveryPlan.Skip.noSerial
    #expect(DiscoveryOutput.text(skip, .english).hasPrefix("it reports no serial"))
    #expect(DiscoveryOutput.text(skip, .french).hasPrefix("elle n'indique aucun numéro de série"))
  }
}
