/// The units of the test gateway: three APC Smart-UPS with serials in the demo fleet's
/// style (new to it), one already in the demo fleet, and one that reports no serial.
public enum GatewayFleet {
  public static func smartUPS(_ name: String, _ description: String?, serial: String?, model: String)
    -> NUTServer.Unit
  {
    // dummy-ups sets its own "Dummy Manufacturer"/"Dummy UPS" unless ups.* are given too.
    var variables = [
      ("device.mfr", "APC"), ("ups.mfr", "APC"), ("device.model", model), ("ups.model", model),
      ("ups.status", "OL"),
    ]
    if let serial { variables.append(("device.serial", serial)) }
    return NUTServer.Unit(name: name, description: description, variables: variables)
  }

  public static let units: [NUTServer.Unit] = [
    smartUPS("line3", "Line 3 PLC UPS", serial: "AS2310100001", model: "Smart-UPS SRT 1500"),
    smartUPS("line4", "Line 4 PLC UPS", serial: "AS2310100002", model: "Smart-UPS 1500"),
    smartUPS("press", nil, serial: "3S2311200003", model: "Smart-UPS X 2200"),
    // In the demo fleet as "Control room UPS" at Lyon Plant.
    smartUPS("control", "Control room", serial: "AS2108234567", model: "Smart-UPS SRT 2200"),
    smartUPS("bench", "Bench spare", serial: nil, model: "Smart-UPS 750"),
  ]
}
