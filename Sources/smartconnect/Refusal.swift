/// A command refused its input: ArgumentParser prints the message on standard error and
/// exits with status 1 (DESIGN §4: 1 refused, with the reason on stderr).
struct Refusal: Error, CustomStringConvertible {
  var description: String

  init(_ message: String) {
    description = message
  }
}
