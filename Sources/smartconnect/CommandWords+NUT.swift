import Localization
import UPSDiscovery

// MARK: - Network UPS Tools' faults, in words

extension CommandWords {
  /// Why asking one upsd failed: which server, what happened, what to check. What came from
  /// the server or the system (upsd's ERR code, a line it sent, the TLS library's or the
  /// system's words) is shown as it came, escaped. No `default`: a new case does not
  /// compile until it is given words here.
  static func text(_ error: NUTError, _ language: Language) -> String {
    let server = shown(error.endpoint.description)
    let tr = { (msgid: String, arguments: [String: String]) in
      language.tr(msgid, arguments.merging(["server": server]) { given, _ in given })
    }
    switch error.problem {
    case .cannotConnect(let failure):
      return tr(
        "Cannot reach upsd at {server}: {reason}. Is upsd running and listening there (LISTEN in upsd.conf)?",
        ["reason": text(failure, language)])
    case .timedOut(let step, let seconds):
      let arguments = ["seconds": secondsText(seconds)]
      switch step {
      case .connection:
        return tr(
          "No answer from upsd at {server} within {seconds} s (waiting for the connection). Check the host and port, and that upsd is not stuck.",
          arguments)
      case .answer(let command):
        return tr(
          "No answer from upsd at {server} within {seconds} s (waiting for the answer to {command}). Check the host and port, and that upsd is not stuck.",
          arguments.merging(["command": shown(command)]) { given, _ in given })
      case .sending(let command):
        return tr(
          "No answer from upsd at {server} within {seconds} s (sending {command}). Check the host and port, and that upsd is not stuck.",
          arguments.merging(["command": shown(command)]) { given, _ in given })
      }
    case .closedMidAnswer(let step):
      switch step {
      case .connection:
        return tr(
          "upsd at {server} closed the connection as soon as it opened. Check its log (journalctl -u nut-server) and try again.",
          [:])
      case .answer(let command):
        return tr(
          "upsd at {server} closed the connection in the middle of the answer to {command}. Check its log (journalctl -u nut-server) and try again.",
          ["command": shown(command)])
      case .sending(let command):
        return tr(
          "upsd at {server} closed the connection while {command} was being sent. Check its log (journalctl -u nut-server) and try again.",
          ["command": shown(command)])
      }
    case .refused(let command, let serverError, nil):
      return tr(
        "upsd at {server} refused {command}: {meaning}.",
        ["command": shown(command), "meaning": text(serverError, language)])
    case .refused(let command, let serverError, let unit?):
      return tr(
        "upsd at {server} refused {command} for unit {unit}: {meaning}.",
        ["command": shown(command), "unit": shown(unit), "meaning": text(serverError, language)])
    case .malformed(let parseError):
      return tr(
        "upsd at {server} does not speak NUT's protocol as expected: {reason} Is that port really upsd?",
        ["reason": text(parseError, language)])
    case .tls(let failure):
      return text(failure, server: server, language)
    case .badCredentials(.username, .empty):
      return tr("Cannot log in to upsd at {server}: the user name is empty.", [:])
    case .badCredentials(.password, .empty):
      return tr("Cannot log in to upsd at {server}: the password is empty.", [:])
    case .badCredentials(.username, .controlCharacter):
      return tr(
        "Cannot log in to upsd at {server}: the user name contains a control character.", [:])
    case .badCredentials(.password, .controlCharacter):
      return tr(
        "Cannot log in to upsd at {server}: the password contains a control character.", [:])
    }
  }

  /// Why the connection could not be opened (the middle of a sentence).
  static func text(_ failure: NUTError.ConnectFailure, _ language: Language) -> String {
    switch failure {
    case .refused: language.tr("connection refused")
    case .noRoute: language.tr("no route to the host")
    case .hostNotResolved: language.tr("the host name does not resolve")
    case .system(let detail): shown(detail)
    }
  }

  /// Why TLS failed, and what to do; `server` is shown already.
  static func text(_ failure: NUTError.TLSFailure, server: String, _ language: Language) -> String {
    switch failure {
    case .notOffered(let code):
      language.tr(
        "upsd at {server} does not offer TLS (it answered ERR {code} to STARTTLS), and --nut-ca requires it. Give upsd a certificate (CERTFILE or CERTPATH in upsd.conf), or leave out --nut-ca.",
        ["server": server, "code": shown(code)])
    case .caFileUnusable(let file, let detail):
      language.tr(
        "The CA file {file} cannot be used for TLS with upsd at {server} ({detail}). Give --nut-ca a PEM file holding the certificate of the CA that signed upsd's certificate.",
        ["server": server, "file": shown(file), "detail": shown(detail)])
    case .certificateNotVerified(let file):
      language.tr(
        "upsd at {server} showed a certificate that the CA in {file} did not sign, or that has expired. Give --nut-ca the CA that signed upsd's certificate (CERTFILE or CERTPATH in upsd.conf), or renew that certificate.",
        ["server": server, "file": shown(file)])
    case .certificateWrongHost(let host):
      language.tr(
        "upsd at {server} showed a certificate that is not for {host}. Give --nut the host name its certificate names.",
        ["server": server, "host": shown(host)])
    case .handshakeFailed(let detail):
      language.tr(
        "TLS with upsd at {server} failed: {detail}.", ["server": server, "detail": shown(detail)])
    }
  }

  /// What upsd's `ERR` means for someone discovering units, and what to do about it (the
  /// middle of a sentence).
  static func text(_ error: NUTServerError, _ language: Language) -> String {
    switch error.kind {
    case .accessDenied:
      language.tr(
        "access denied: give a user of upsd.users with --nut-user (password from SMARTCONNECT_NUT_PASSWORD or the prompt)")
    case .unknownUnit:
      language.tr("the unit is not (or no longer) in its ups.conf; run the discovery again")
    case .dataStale:
      language.tr("its driver has lost contact with the unit (data stale); check the cable")
    case .driverNotConnected:
      language.tr("the unit's driver is not running; start it with upsdrvctl")
    case .loginRequired:
      language.tr(
        "it wants a login: give --nut-user (password from SMARTCONNECT_NUT_PASSWORD or the prompt)")
    case .loginRefused:
      language.tr("it refused the user name or password")
    case .tlsNotAvailable:
      language.tr("it does not offer TLS (STARTTLS)")
    case .other:
      language.tr(
        "it answered ERR {code}",
        ["code": shown(([error.code] + error.extra).joined(separator: " "))])
    }
  }

  /// How an answer broke the protocol (a sentence of its own, after a colon).
  static func text(_ error: NUTParseError, _ language: Language) -> String {
    switch error {
    case .lineTooLong(let limit):
      language.tr(
        "it sent a line longer than {limit} bytes, which no upsd sends.", ["limit": String(limit)])
    case .unterminatedQuote(let line):
      language.tr("it sent a line with an unclosed quote: {line}.", ["line": excerpt(line)])
    case .danglingBackslash(let line):
      language.tr("it sent a line ending in a lone backslash: {line}.", ["line": excerpt(line)])
    case .unexpectedLine(let line, .line(let expected)):
      language.tr(
        "it answered {line} where {expected} was expected.",
        ["line": excerpt(line), "expected": quoted(expected)])
    case .unexpectedLine(let line, .itemOrEnd(let head, let end)):
      language.tr(
        "it answered {line} where an item {item} or {end} was expected.",
        ["line": excerpt(line), "item": quoted(head + " …"), "end": quoted(end)])
    case .unexpectedLine(let line, .nothingAfter(let end)):
      language.tr(
        "it sent {line} after {end}, which ends the answer.",
        ["line": excerpt(line), "end": quoted(end)])
    case .tooManyItems(let limit):
      language.tr(
        "it listed more than {limit} entries, which no upsd serves.", ["limit": String(limit)])
    }
  }

  /// Why a `--nut` value (or `SMARTCONNECT_NUT`) names no upsd.
  static func text(_ error: NUTEndpoint.EndpointError, _ language: Language) -> String {
    switch error {
    case .empty:
      language.tr("give a host, e.g. localhost or 10.0.0.5:3493.")
    case .badHost(let given):
      language.tr(
        "{text} is not a host; write HOST, HOST:PORT or [IPv6]:PORT.", ["text": quoted(given)])
    case .badPort(let given):
      language.tr(
        "{text} is not a port; give a number from 1 to 65535.", ["text": quoted(given)])
    }
  }

  /// A line a server sent, for a message: escaped, in quotes, cut at 80 characters.
  static func excerpt(_ line: String) -> String {
    let escaped = shown(line)
    return "\"" + (escaped.count > 80 ? String(escaped.prefix(80)) + "…" : escaped) + "\""
  }

  /// Protocol text or a value as given, escaped and in straight double quotes (the same in
  /// every language: it is what was typed or sent).
  static func quoted(_ text: String) -> String { "\"" + shown(text) + "\"" }

  /// `2` for whole seconds, `0.5` otherwise.
  static func secondsText(_ value: Double) -> String {
    value == value.rounded() ? String(Int(value)) : String(value)
  }
}
