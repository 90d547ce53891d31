import ArgumentParser
import Foundation
import SubscriptionStore
import Subscriptions

extension SmartConnect {
  /// `device add`, `device import` and `device discover`.
  struct DeviceCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
      CommandConfiguration(
        commandName: "device",
        abstract: CommandLanguage.tr("Add devices to the fleet."),
        subcommands: [Add.self, Import.self, Discover.self]
      )
    }
  }
}

extension SmartConnect.DeviceCommand {
  /// Adds one device.
  struct Add: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
      CommandConfiguration(
        commandName: "add", abstract: CommandLanguage.tr("Add one device to the fleet."))
    }

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp(CommandLanguage.tr("The device's serial number.")))
    var serial: String

    @Option(help: ArgumentHelp(CommandLanguage.tr("What the device is called in the overview.")))
    var name: String

    @Option(help: ArgumentHelp(CommandLanguage.tr("The UPS model, e.g. \"Smart-UPS 1500\".")))
    var model: String = ""

    @Option(help: ArgumentHelp(CommandLanguage.tr("Where the device is.")))
    var site: String = ""

    var device: Device {
      Device(
        serial: serial.trimmingCharacters(in: .whitespaces),
        name: name.trimmingCharacters(in: .whitespaces),
        model: model.trimmingCharacters(in: .whitespaces),
        site: site.trimmingCharacters(in: .whitespaces))
    }

    func validate() throws {
      if let problem = DeviceCheck.problem(with: device) {
        throw GlobalOptions.usage(.badDevice(problem))
      }
    }

    func run() async throws {
      let (global, device) = (global, device)
      try await Interruption.stopping {
        try await global.openStore().addDevices([device], context: global.context())
      }
      print(
        CommandWords.text(.added(serial: device.serial, name: device.name), global.language))
    }
  }

  /// Adds every device of a CSV file, or none.
  struct Import: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
      CommandConfiguration(
        commandName: "import",
        abstract: CommandLanguage.tr("Add the devices of a CSV file: all rows or none."),
        discussion: CommandLanguage.tr(
          "The file is UTF-8 CSV (RFC 4180) with a header line naming the columns serial,name,model,site. A refused file names the line and field to fix; nothing is written until every row is valid.")
      )
    }

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp(CommandLanguage.tr("The CSV file."), valueName: "file.csv"))
    var file: String

    func validate() throws {
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory) else {
        throw GlobalOptions.usage(.noFile(path: file))
      }
      if isDirectory.boolValue {
        throw GlobalOptions.usage(.csvIsFolder(path: file))
      }
    }

    func run() async throws {
      let command = self
      try await Interruption.stopping { try await command.importing() }
    }

    private func importing() async throws {
      let data: Data
      do {
        data = try await InputFile.readLeavingWhenCancelled(file)
      } catch is CancellationError {
        throw StoreError.cancelled
      } catch {
        throw Refusal(.cannotRead(path: file, reason: error.localizedDescription))
      }
      let rows: [DeviceCSV.Row]
      do {
        rows = try DeviceCSV.parse(data)
      } catch {
        throw Refusal(.csv(path: file, error))
      }
      let store = try await global.openStore()
      do {
        try await store.addDevices(rows.map(\.device), context: global.context())
      } catch {
        throw explained(error, rows: rows)
      }
      print(CommandWords.text(.imported(count: rows.count), global.language))
    }

    /// Names the line of the serial the store refused.
    func explained(_ error: StoreError, rows: [DeviceCSV.Row]) -> any Error {
      guard case .deviceExists(let serial) = error else { return error }
      let line = rows.first { $0.device.serial == serial }?.line ?? 0
      return Refusal(.serialInStoreAlready(path: file, line: line, serial: serial))
    }
  }
}
