import Localization
import SubscriptionStore
import Subscriptions
import Wizard

/// The command line's words: where a `CommandMessage`, an error a command throws, or a
/// result becomes text, in the technician's language. Dates stay ISO in every language;
/// JSON never comes through here.
enum CommandWords {
  /// The sentence for `message`.
  static func text(_ message: CommandMessage, _ language: Language) -> String {
    let tr = { (msgid: String, arguments: [String: String]) in language.tr(msgid, arguments) }
    switch message {
    case .badInstant(let option, let error):
      return option + ": " + text(error, language)
    case .emptyOperator:
      return "--operator: " + tr("give a name for the audit trail, or leave it out.", [:])
    case .operatorControlCharacter:
      return "--operator: " + tr("the name contains a control character; type it plainly.", [:])
    case .store(let error):
      return text(error, language)
    case .unreadableOptionFile(let option, let path):
      return option + ": " + tr("cannot read {file}.", ["file": shown(path)])
    case .optionFileIsFolder(let option, let path):
      return option + ": "
        + tr("{file} is a folder; give a file of serials, one a line.", ["file": shown(path)])
    case .badDevice(let problem):
      return "--" + problem.field.rawValue + ": " + Words.text(problem, language)
    case .countOutOfRange:
      return tr("--count must be a whole number from 1 to 10000.", [:])
    case .termOutOfRange:
      return tr("The term must be a whole number of months from 1 to 1200.", [:])
    case .seatsOutOfRange:
      return tr("Seats must be a whole number from 1 to 100000.", [:])
    case .noFile(let path):
      return tr("No file at {file}.", ["file": shown(path)])
    case .csvIsFolder(let path):
      return tr("{file} is a folder; give the CSV file.", ["file": shown(path)])
    case .speedOutOfRange:
      return tr("--speed must be a number above 0 (1 plays as written, 2 twice as fast).", [:])
    case .plainWithRecording:
      return tr("--record and --script run the full screen: leave out --plain.", [:])
    case .demoWithStore:
      return tr(
        "--demo runs on a fresh temporary store of its own: leave out --store, or leave out --demo to open that store.",
        [:])
    case .badNUTServer(let error):
      return "--nut: " + text(error, language)
    case .nutTimeoutOutOfRange:
      return "--nut-timeout: " + tr("give a number of seconds from 0.1 to 60.", [:])
    case .siteWithoutAdd:
      return "--site: " + tr("only with --add.", [:])
    case .nutAndNoNUT:
      return tr("--nut names a upsd to ask and --no-nut asks none: give one of them.", [:])
    case .badNUTEnvironment(let error):
      return "SMARTCONNECT_NUT: " + text(error, language) + " "
        + tr("Give HOST[:PORT], or off to ask no upsd.", [:])
    case .badNUTUser:
      return "--nut-user: " + tr("give the user name of upsd.users, without spaces.", [:])
    case .upsdFailed(let error, let adding):
      return text(error, language) + (adding ? " " + tr("Nothing was added.", [:]) : "")
    case .addFailed(let error):
      return Words.text(error, language) + " " + tr("Nothing was added.", [:])
    case .noNUTPassword(let user):
      return "--nut-user " + shown(user) + ": "
        + tr("no password given. Set SMARTCONNECT_NUT_PASSWORD or type it at the prompt.", [:])
    case .storeInitNeedsPostgres:
      return tr(
        "store init sets up a PostgreSQL store: give --store postgres://owner@host/db (an SQLite store sets itself up on first use).",
        [:])
    case .noTechnicianPassword:
      return tr(
        "The technician role needs a password: type it, or set SMARTCONNECT_TECHNICIAN_PASSWORD.",
        [:])
    case .passwordsDiffer:
      return tr("The two passwords differ; nothing was changed.", [:])
    case .nutPasswordPrompt(let user):
      return tr("Password of NUT user {user}: ", ["user": shown(user)])
    case .rolePasswordPrompt(let role):
      return tr("Password for role {role}: ", ["role": shown(role)])
    case .againPrompt:
      return tr("Again: ", [:])
    case .schemaUpToDate(let store):
      return tr("The schema of {store} is up to date.", ["store": shown(store)])
    case .technicianRoleReady(let store, let role):
      return tr(
        "The schema of {store} is up to date; technicians log in as {role} (reading and adding only).",
        ["store": shown(store), "role": shown(role)])
    case .cannotRead(let path, let reason):
      return tr("Cannot read {file}: {reason}", ["file": shown(path), "reason": shown(reason)])
    case .notUTF8(let path):
      return tr("{file} is not UTF-8 text. Save it as UTF-8.", ["file": shown(path)])
    case .noSerialsListed(let path):
      return tr(
        "{file} lists no serials. Put one serial a line, or leave --devices-from out to only activate the code.",
        ["file": shown(path)])
    case .badCode(let error):
      return Words.text(error, language)
    case .badCodeInput(let echoed, let error):
      return shown(echoed) + ": " + Words.text(error, language)
    case .noCodeOnStandardInput:
      return tr("No code on standard input. Pipe the code in, e.g. from a file.", [:])
    case .csv(let path, let error):
      return tr(
        "{file}: {reason} Nothing was imported.",
        ["file": shown(path), "reason": text(error, language)])
    case .serialInStoreAlready(let path, let line, let serial):
      return tr(
        "{file}: Line {line}: a device with serial {serial} is already in the store. Remove the line or change the serial. Nothing was imported.",
        ["file": shown(path), "line": String(line), "serial": shown(serial)])
    case .noTerminal:
      return tr(
        "smartconnect: the wizard needs a terminal, and standard input or output is not one.",
        [:]) + "\n" + tr("Without a terminal, use the non-interactive commands:", [:]) + "\n"
        + noTerminalCommands(language)
    case .recordingNeedsFullScreen(let term):
      return "smartconnect: "
        + tr(
          "--record and --script need a terminal that can address the cursor (TERM={term}).",
          ["term": shown(term)])
    case .cannotReadScript(let path, let reason):
      return "smartconnect: "
        + tr(
          "cannot read the script {file}: {reason}", ["file": shown(path), "reason": shown(reason)])
    case .added(let serial, let name):
      return tr("Added {serial} ({name}).", ["serial": shown(serial), "name": shown(name)])
    case .imported(let count):
      return language.trn("Imported {n} device.", "Imported {n} devices.", count: count)
    case .codePrompt:
      return tr("Activation code (not shown): ", [:])
    }
  }

  /// The commands that work without a terminal, each with what it is for.
  static func noTerminalCommands(_ language: Language) -> String {
    let rows: [(String, String)] = [
      ("smartconnect overview [--json]", language.tr("devices, licenses and plans")),
      ("smartconnect device add SERIAL --name NAME", language.tr("add one device")),
      ("smartconnect device import FILE.csv", language.tr("add the devices of a CSV file")),
      ("smartconnect code issue --tier T --term-months N --seats N", language.tr("issue codes")),
      ("smartconnect code check CODE...", language.tr("check codes offline")),
      (
        "smartconnect activate CODE [--device SERIAL]... [--dry-run] [--json]",
        language.tr("activate a code, assign it")
      ),
    ]
    var lines = rows.map { "  " + $0.0 + "\n      " + $0.1 }
    lines.append(language.tr("See 'smartconnect help <command>' for each."))
    return lines.joined(separator: "\n") + "\n"
  }

  /// Control characters in text from outside (a path, a serial) shown escaped.
  static func shown(_ text: String) -> String { Terminal.printable(text) }

  /// What `--store` names wrong.
  static func text(_ error: StoreSpecError, _ language: Language) -> String {
    switch error {
    case .empty(let source):
      source + ": "
        + language.tr("give the path of a store file or a postgres:// URL, or leave it out.")
    case .notAFileURL(let source, let given):
      source + ": "
        + language.tr("'{url}' is not a file URL.", ["url": shown(given)])
    case .unknownScheme(let source, let scheme):
      source + ": "
        + language.tr(
          "{scheme}:// is not a kind of store smartconnect knows; give the path of an SQLite file or a postgres:// URL.",
          ["scheme": shown(scheme)])
    }
  }

  /// Why a typed instant (`--now`, `--redeem-by`) was not understood.
  static func text(_ error: TimestampError, _ language: Language) -> String {
    let examples = "2027-01-15, 2027-01-15T09:00:00Z, 2027-01-15T11:00:00+02:00"
    switch error {
    case .empty:
      return language.tr(
        "No date given. Write a day or an instant such as {examples}.", ["examples": examples])
    case .malformed(let text):
      return language.tr(
        "'{text}' is not a date or an instant. Write it as {examples}.",
        ["text": shown(text), "examples": examples])
    case .outOfRange(let field, let value, let text):
      let arguments = ["text": shown(text), "value": String(value)]
      switch field {
      case .year:
        return language.tr("'{text}' has year {value}, which does not exist. Check the date.", arguments)
      case .month:
        return language.tr("'{text}' has month {value}; months go from 01 to 12. Check the date.", arguments)
      case .day:
        return language.tr("'{text}' has day {value}, which that month does not have. Check the date.", arguments)
      case .hour:
        return language.tr("'{text}' has hour {value}; hours go from 00 to 23. Check the time.", arguments)
      case .minute:
        return language.tr("'{text}' has minute {value}; minutes go from 00 to 59. Check the time.", arguments)
      case .second:
        return language.tr("'{text}' has second {value}; seconds go from 00 to 59 (leap seconds are not counted). Check the time.", arguments)
      case .offset:
        return language.tr("'{text}' has a UTC offset beyond 23:59. Check the time zone.", arguments)
      }
    case .missingZone(let text):
      return language.tr(
        "'{text}' has a time but no time zone. Add Z for UTC (2027-01-15T09:00:00Z) or the offset of the clock it was read from (+02:00).",
        ["text": shown(text)])
    }
  }

  /// Why a device CSV file cannot be imported, naming its line (and field).
  static func text(_ error: DeviceCSVError, _ language: Language) -> String {
    switch error {
    case .empty:
      return language.tr("The file has no header line. Start it with: serial,name,model,site")
    case .notUTF8(let line):
      return language.tr(
        "Line {line} is not valid UTF-8 text. Save the file as UTF-8 (CSV UTF-8) and import it again.",
        ["line": String(line)])
    case .badHeader(let problem):
      let reason =
        switch problem {
        case .notCommaSeparated:
          language.tr(
            "The header line separates its columns with semicolons or tabs; CSV here uses commas (in a spreadsheet, save as \"CSV UTF-8 (comma delimited)\").")
        case .unknownColumn(let name):
          language.tr("The header line has an unknown column '{column}'.", ["column": shown(name)])
        case .columnTwice(let name):
          language.tr("The header line names the column {column} twice.", ["column": shown(name)])
        case .missingColumn(let field):
          language.tr("The header line has no {column} column.", ["column": field.rawValue])
        }
      return reason + " " + language.tr("It should read: serial,name,model,site")
    case .malformed(let line, let problem):
      let reason =
        switch problem {
        case .quoteInsideUnquotedText(let field):
          language.tr(
            "Line {line}: field {field} has a quote inside unquoted text. Put the whole field in double quotes and write a quote inside it as two (\"\").",
            ["line": String(line), "field": String(field)])
        case .quoteNeverClosed(let field):
          language.tr(
            "Line {line}: field {field} opens a quote that is never closed.",
            ["line": String(line), "field": String(field)])
        case .textAfterClosingQuote(let field):
          language.tr(
            "Line {line}: field {field} has text after its closing quote. Put the whole field in double quotes.",
            ["line": String(line), "field": String(field)])
        }
      return reason
    case .wrongFieldCount(let line, let found, let expected):
      return language.trn(
        "Line {line} has {n} field, the header has {expected}. Put a field containing a comma in double quotes.",
        "Line {line} has {n} fields, the header has {expected}. Put a field containing a comma in double quotes.",
        count: found, ["line": String(line), "expected": String(expected)])
    case .invalidField(let line, let problem):
      return language.tr(
        "Line {line}, field {field}: {reason}",
        [
          "line": String(line), "field": problem.field.rawValue,
          "reason": Words.text(problem, language),
        ])
    case .serialTwice(let line, let serial, let firstLine):
      return language.tr(
        "Line {line}: serial {serial} is already on line {first}. List each device once.",
        ["line": String(line), "serial": shown(serial), "first": String(firstLine)])
    }
  }

  /// Any error a command ends with, in words: the project's own errors here, anything else
  /// (the parser's, `ExitCode`) as it is, for ArgumentParser to print and map to a status.
  static func worded(_ error: any Error, _ language: Language) -> any Error {
    switch error {
    case let refusal as Refusal: Worded(text(refusal.message, language))
    case let error as StoreError: Worded(Words.text(error, language))
    case let error as CodeError: Worded(Words.text(error, language))
    default: error
    }
  }

  /// An error already in words.
  struct Worded: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
  }
}
