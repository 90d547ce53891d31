import Localization
import SubscriptionStore
import Subscriptions

// MARK: - Why a store failed, in words

extension Words {
  /// Why a store could not be opened or reached, or failed, in words (the middle of the
  /// sentences `text(StoreError)` makes). Text that came from elsewhere (a server's message,
  /// the system's) is shown as is, control characters escaped. No `default`: a new reason
  /// does not compile until it is given words here.
  public static func text(_ reason: StoreReason, _ language: Language = .english) -> String {
    let tr = { (msgid: String, arguments: [String: String]) in
      language.tr(msgid, arguments.mapValues(Display.safe))
    }
    switch reason {
    case .noAnswer(let target, let seconds?):
      return tr(
        "{target} did not answer within {seconds} s (connect_timeout)",
        ["target": text(target, language), "seconds": String(seconds)])
    case .noAnswer(let target, nil):
      return tr("{target} did not answer (connect_timeout)", ["target": text(target, language)])
    case .tlsNotOffered(let mode):
      return tr(
        "the server does not offer TLS, and sslmode={mode} never falls back to plain text",
        ["mode": mode])
    case .passwordMissing(let user):
      return tr(
        "the server asks user {user} for a password and none was given (put it in the URL, PGPASSWORD or ~/.pgpass)",
        ["user": user])
    case .loginMethodUnsupported:
      return tr("the server asks for a login method this build does not speak", [:])
    case .passwordRefused(let user, nil):
      return tr("the server refused the password of user {user}", ["user": user])
    case .passwordRefused(let user, .url):
      return tr(
        "the server refused the password of user {user} (the password came from the URL)",
        ["user": user])
    case .passwordRefused(let user, .environment):
      return tr(
        "the server refused the password of user {user} (the password came from PGPASSWORD)",
        ["user": user])
    case .passwordRefused(let user, .file(let path)):
      return tr(
        "the server refused the password of user {user} (the password came from {file})",
        ["user": user, "file": path])
    case .userNotLetIn(let user, let message):
      return tr(
        "the server does not let user {user} in: {message}", ["user": user, "message": message])
    case .noSuchDatabase(let database):
      return tr("the server has no database {database}", ["database": database])
    case .noConnectionLeft:
      return tr(
        "the server has no connection left (max_connections); try again in a moment", [:])
    case .serverNotReady:
      return tr("the server is starting up or shutting down; try again in a moment", [:])
    case .connectionRefused(let message):
      return tr("the server refused the connection: {message}", ["message": message])
    case .nothingListens(let target):
      return tr(
        "nothing listens on {target} (is PostgreSQL running there?)",
        ["target": text(target, language)])
    case .noServerSocket(let target):
      return tr(
        "there is no server socket at {target} (is PostgreSQL running?)",
        ["target": text(target, language)])
    case .cannotBeReached(let target):
      return tr("{target} cannot be reached from here", ["target": text(target, language)])
    case .connectionFailed(let target, nil):
      return tr("the connection to {target} failed", ["target": text(target, language)])
    case .connectionFailed(let target, let detail?):
      return tr(
        "the connection to {target} failed: {detail}",
        ["target": text(target, language), "detail": detail])
    case .hostNotResolved(let host):
      return tr("the host name {host} cannot be resolved", ["host": host])
    case .certificateNotVerified(nil, let mode, let detail):
      return tr(
        "the server's certificate could not be verified (sslmode={mode}): {detail}",
        ["mode": mode, "detail": detail])
    case .certificateNotVerified(let root?, let mode, let detail):
      return tr(
        "the server's certificate could not be verified against {file} (sslmode={mode}): {detail}",
        ["file": root, "mode": mode, "detail": detail])
    case .certificateWrongHost(let host, let mode):
      return tr(
        "the server's certificate does not name {host} (sslmode={mode})",
        ["host": host, "mode": mode])
    case .tlsHandshakeFailed(let mode, let detail):
      return tr(
        "the TLS handshake failed (sslmode={mode}): {detail}", ["mode": mode, "detail": detail])
    case .sessionNotNamed:
      return tr("the server did not say which session it opened", [:])
    case .serverSilent(let seconds):
      return tr("the server did not answer within {seconds} s", ["seconds": String(seconds)])
    case .statementTimedOut(let seconds):
      return tr("the server did not finish within {seconds} s", ["seconds": String(seconds)])
    case .connectionDropped(let detail):
      return tr("the connection dropped ({detail})", ["detail": detail])
    case .notPermitted(let user, let message):
      return tr("user {user} may not do this ({message})", ["user": user, "message": message])
    case .server(let message, let state?):
      return Display.safe(message) + " (SQLSTATE " + Display.safe(state) + ")"
    case .server(let message, nil):
      return Display.safe(message)
    case .lostSessionLingers(let pid):
      return tr("the lost session {pid} does not end", ["pid": String(pid)])
    case .writeNotLookedUp:
      return tr("the write's id could not be looked up", [:])
    case .otherProgramsDatabase:
      return tr("it is an SQLite database of another program", [:])
    case .storeFileReplaced(let path):
      return tr(
        "the store file {file} was deleted or replaced while smartconnect ran; start smartconnect again",
        ["file": path])
    case .sqliteCannotOpen:
      return tr("SQLite cannot open the file", [:])
    case .readOnly:
      return tr("the file or its folder is read-only", [:])
    case .diskFull(let path):
      return tr(
        "the disk holding {file} is full; free some space and try again", ["file": path])
    case .writeFailed(let path, let detail):
      return tr(
        "the store file {file} could not be written ({detail}); the disk may be full or a file size limit reached",
        ["file": path, "detail": detail ?? tr("I/O error", [:])])
    case .damaged(let path):
      return tr("the store file {file} is damaged; restore it from a backup", ["file": path])
    case .folderNotWritable(let folder, let detail):
      return tr(
        "the folder {folder} is not writable ({detail})", ["folder": folder, "detail": detail])
    case .isAFolder(let example):
      return tr(
        "it is a folder; give the path of a store file, e.g. {file}", ["file": example])
    case .notARegularFile:
      return tr("it is not a regular file (a device, a pipe or a socket)", [:])
    case .fileNotCreated(let detail):
      return tr("the file cannot be created ({detail})", ["detail": detail])
    case .notAFolder(let folder):
      return tr("{folder} is a file, not a folder", ["folder": folder])
    case .folderNotCreated(let folder, let detail):
      return tr(
        "the folder {folder} cannot be created ({detail})", ["folder": folder, "detail": detail])
    case .noTemporaryFolder(let detail):
      return tr(
        "cannot create a temporary folder ({detail}); set TMPDIR to a writable folder",
        ["detail": detail])
    case .codeIssuedAlready(let masked):
      return tr("code {code} was issued already", ["code": masked])
    case .unknownTier(let id, let tier):
      return tr("code {id} has an unknown tier {tier}", ["id": id, "tier": tier])
    case .unknownLicenseKind:
      return tr("a license has an unknown tier or kind", [:])
    case .writeReturnedNothing:
      return tr("the write returned nothing", [:])
    case .planNotSold:
      return tr("Only standard and advanced plans are sold.", [:])
    case .termOutOfRange:
      return tr("The term must be a whole number of months from 1 to 1200.", [:])
    case .seatsOutOfRange:
      return tr("Seats must be a whole number from 1 to 100000.", [:])
    case .roleNameNotPlain:
      return tr("the role name must be plain text", [:])
    case .rolePasswordMissing:
      return tr("the technician role needs a password", [:])
    case .rolePasswordNotASCII:
      return tr(
        "the technician password must be printable ASCII (letters, digits, punctuation, spaces): choose another",
        [:])
    case .passwordNotHashed(let detail):
      return tr("cannot hash the technician password: {detail}", ["detail": detail])
    case .rolesNeedPostgres:
      return tr("a technician role exists only in a PostgreSQL store", [:])
    case .unexpected(let detail):
      return Display.safe(detail)
    case .notAPostgresURL:
      return tr("it does not start with postgres:// or postgresql://", [:])
    case .badPort(let port):
      return tr("the port {port} is not a number from 1 to 65535", ["port": port])
    case .unknownSSLMode(let mode):
      return tr(
        "sslmode={mode} is not known; use disable, prefer, require, verify-ca or verify-full",
        ["mode": mode])
    case .badConnectTimeout(let value):
      return tr(
        "connect_timeout={value} is not a whole number of seconds", ["value": value])
    case .brokenEscape(.user): return tr("the user name has a broken %-escape", [:])
    case .brokenEscape(.password): return tr("the password has a broken %-escape", [:])
    case .brokenEscape(.host): return tr("the host has a broken %-escape", [:])
    case .brokenEscape(.port): return tr("the port has a broken %-escape", [:])
    case .brokenEscape(.database): return tr("the database name has a broken %-escape", [:])
    case .brokenEscape(.parameterName):
      return tr("a parameter name has a broken %-escape", [:])
    case .brokenEscape(.parameterValue(let name)):
      return tr("the value of the parameter {parameter} has a broken %-escape", ["parameter": name])
    case .parameterWithoutValue(let pair):
      return tr("the parameter {parameter} has no value (write name=value)", ["parameter": pair])
    case .unknownParameter(let name, let known):
      return tr(
        "the parameter {parameter} is not known; use {known}",
        ["parameter": name, "known": known.joined(separator: ", ")])
    case .severalHosts:
      return tr("it names several hosts; name one", [:])
    case .unclosedIPv6Address:
      return tr("the IPv6 address has no closing ]", [:])
    case .textAfterIPv6Address:
      return tr("only :PORT may follow the IPv6 address", [:])
    case .rootCertificateNeeded(let mode):
      return tr(
        "sslmode={mode} needs the certificate of the authority that signed the server's: add sslrootcert=/path/to/root.crt to the URL (or put it in ~/.postgresql/root.crt)",
        ["mode": mode])
    case .rootCertificateUnreadable(let path):
      return tr("the root certificate file {file} cannot be read", ["file": path])
    case .tlsSettingsUnusable(let detail):
      return tr("its TLS settings cannot be used ({detail})", ["detail": detail])
    }
  }

  /// Where a server store listens: `the socket /run/postgresql/.s.PGSQL.5432` or `db:5432`.
  public static func text(_ target: ServerTarget, _ language: Language = .english) -> String {
    switch target {
    case .socket(let path):
      language.tr("the socket {path}", ["path": Display.safe(path)])
    case .address(let host, let port):
      Display.safe(host) + ":" + String(port)
    }
  }

  /// A warning about the password file, as libpq gives it (on stderr).
  public static func text(_ warning: PasswordFileWarning, _ language: Language = .english)
    -> String
  {
    switch warning {
    case .notAPlainFile(let path):
      language.tr(
        "WARNING: password file \"{file}\" is not a plain file", ["file": Display.safe(path)])
    case .groupOrWorldAccess(let path):
      language.tr(
        "WARNING: password file \"{file}\" has group or world access; permissions should be u=rw (0600) or less (run: chmod 0600 {file}); it is ignored",
        ["file": Display.safe(path)])
    }
  }
}
