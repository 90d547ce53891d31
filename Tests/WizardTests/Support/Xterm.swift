import Foundation
import Wizard

/// xterm's default colours, to measure what a person sees: the sixteen colours xterm is
/// built with (XTerm-col.ad: black red3 green3 yellow3 blue2 magenta3 cyan3 gray90, then
/// gray50 red green yellow rgb:5c/5c/ff magenta cyan white), black text on white by default
/// and white on black with `-rv`, and bold turning the eight basic colours into their bright
/// halves (`boldColors`, on by default).
enum Xterm {
  /// The terminal's own colours: xterm's default, or `xterm -rv`.
  enum Background: String, CaseIterable, Sendable {
    case light, dark
    var foreground: RGB { self == .light ? .black : .white }
    var background: RGB { self == .light ? .white : .black }
  }

  static let palette: [RGB] = [
    RGB(0, 0, 0), RGB(205, 0, 0), RGB(0, 205, 0), RGB(205, 205, 0),
    RGB(0, 0, 238), RGB(205, 0, 205), RGB(0, 205, 205), RGB(229, 229, 229),
    RGB(127, 127, 127), RGB(255, 0, 0), RGB(0, 255, 0), RGB(255, 255, 0),
    RGB(92, 92, 255), RGB(255, 0, 255), RGB(0, 255, 255), RGB(255, 255, 255),
  ]

  /// The colours a cell of `style` is drawn in: bold brightens a basic foreground colour
  /// (xterm does it to the colour number, before reverse video swaps the two), unless
  /// `brightens` is false (xterm with `boldColors: false`, and many other terminals).
  static func colours(of style: CellStyle, on terminal: Background, brightens: Bool = true)
    -> (text: RGB, back: RGB)
  {
    var text = terminal.foreground
    if let colour = style.foreground {
      text = palette[Int(colour.rawValue) + (style.bold && brightens ? 8 : 0)]
    }
    let back = style.background.map { palette[Int($0.rawValue)] } ?? terminal.background
    return style.reverse ? (back, text) : (text, back)
  }

  /// WCAG 2 contrast ratio of the colours `style` is drawn in, 1…21.
  static func contrast(of style: CellStyle, on terminal: Background, brightens: Bool = true)
    -> Double
  {
    let (text, back) = colours(of: style, on: terminal, brightens: brightens)
    return RGB.contrast(text, back)
  }
}

/// An sRGB colour with 8-bit channels.
struct RGB: Hashable, Sendable {
  var red: Double
  var green: Double
  var blue: Double
  init(_ red: Double, _ green: Double, _ blue: Double) {
    self.red = red
    self.green = green
    self.blue = blue
  }
  static let black = RGB(0, 0, 0)
  static let white = RGB(255, 255, 255)

  /// WCAG 2 relative luminance.
  var luminance: Double {
    func linear(_ channel: Double) -> Double {
      let c = channel / 255
      return c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
    }
    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
  }

  static func contrast(_ a: RGB, _ b: RGB) -> Double {
    let (hi, lo) = (max(a.luminance, b.luminance), min(a.luminance, b.luminance))
    return (hi + 0.05) / (lo + 0.05)
  }
}
