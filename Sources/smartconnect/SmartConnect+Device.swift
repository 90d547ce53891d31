import ArgumentParser
import Foundation
import SubscriptionStore
import Subscriptions

extension SmartConnect {
  /// `device add`, `device import` and `device discover`.
  struct DeviceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "device",
      abstract: "Add devices to the fleet.",
      subcommands: [Add.self, Import.self, Discover.self]
    )
  }
}

extension SmartConnect.DeviceCommand {
  /// Adds one device.
  struct Add: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Add one device to the fleet.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The device's serial number.")
    var serial: String

    @Option(help: "What the device is called in the overview.")
    var name: String

    @Option(help: "The UPS model, e.g. \"Smart-UPS 1500\".")
    var model: String = ""

    @Option(help: "Where the device is.")
    var site: String = ""

    var device: Device {
      Device(
        serial: serial.trimmingCharacters(in: .whitespaces),
        name: name.trimmingCharacters(in: .whitespaces),
        model: model.trimmingCharacters(in: .whitespaces),
        site: site.trimmingCharacters(in: .whitespaces))
    }

    func validate() throws {
      if let (field, reason) = DeviceCheck.problem(with: device) {
        throw ValidationError("--\(field == "serial" ? "serial" : field): \(reason)")
      }
    }

    func run() async throws {
      let store = try await global.openStore()
      try await store.addDevices([device], context: global.context())
      print("Added \(Terminal.printable(device.serial)) (\(Terminal.printable(device.name))).")
    }
  }

  /// Adds every device of a CSV file, or none.
  struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Add the devices of a CSV file: all rows or none.",
      discussion: """
        The file is UTF-8 CSV (RFC 4180) with a header line naming the columns \
        serial,name,model,site. A refused file names the line and field to fix; nothing \
        is written until every row is valid.
        """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The CSV file.", valueName: "file.csv"))
    var file: String

    func validate() throws {
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory) else {
        throw ValidationError("No file at \(Terminal.printable(file)).")
      }
      if isDirectory.boolValue {
        throw ValidationError("\(Terminal.printable(file)) is a folder; give the CSV file.")
      }
    }

    func run() async throws {
      let data: Data
      do {
        data = try Data(contentsOf: URL(fileURLWithPath: file))
      } catch {
        throw Refusal("Cannot read \(Terminal.printable(file)): \(error.localizedDescription)")
      }
      let rows: [DeviceCSV.Row]
      do {
        rows = try DeviceCSV.parse(data)
      } catch {
        throw Refusal("\(Terminal.printable(file)): \(error.message) Nothing was imported.")
      }
      let store = try await global.openStore()
      do {
        try await store.addDevices(rows.map(\.device), context: global.context())
      } catch {
        throw explained(error, rows: rows)
      }
      print("Imported \(rows.count) device\(rows.count == 1 ? "" : "s").")
    }

    /// Names the line of the serial the store refused.
    func explained(_ error: StoreError, rows: [DeviceCSV.Row]) -> any Error {
      guard case .deviceExists(let serial) = error else { return error }
      let line = rows.first { $0.device.serial == serial }?.line ?? 0
      return Refusal(
        "\(Terminal.printable(file)): Line \(line): a device with serial "
          + "\(Terminal.printable(serial)) is already in the store. Remove the line or "
          + "change the serial. Nothing was imported.")
    }
  }
}
