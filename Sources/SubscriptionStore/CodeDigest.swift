import Crypto
import Subscriptions

/// What the store keeps of a code: a SHA-256 digest of its canonical form, to find it, and
/// its last group, to show it masked. A copied store file therefore holds no code that could
/// be redeemed elsewhere; with 95 random bits per code an unsalted digest cannot be
/// reversed by guessing.
public enum CodeDigest {
  public static func of(_ code: ActivationCode) -> [UInt8] {
    Array(SHA256.hash(data: Array(code.canonical.utf8)))
  }

  public static func lastGroup(of code: ActivationCode) -> String {
    String(code.canonical.suffix(5))
  }
}
