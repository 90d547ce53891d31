import ArgumentParser
import Foundation
import Localization
import SubscriptionStore

extension SmartConnect {
  /// Setting up a shared store, for the person who looks after the database.
  struct StoreCommand: AsyncParsableCommand {
    static var configuration: CommandConfiguration {
      CommandConfiguration(
        commandName: "store",
        abstract: CommandLanguage.tr("Set up a shared (PostgreSQL) store."),
        subcommands: [Init.self])
    }

    /// `store init`: the schema, and the role the technicians log in with.
    struct Init: AsyncParsableCommand {
      static var configuration: CommandConfiguration {
        CommandConfiguration(
          commandName: "init",
          abstract: CommandLanguage.tr(
            "Create the schema of a PostgreSQL store and the technicians' role."),
          discussion: CommandLanguage.tr("Run it once as the database's owner, e.g.") + "\n"
            + "  smartconnect --store postgres://owner@db.example.com/fleet store init \\\n"
            + "    --technician-role technician\n"
            + CommandLanguage.tr(
              "The role can read everything and add devices, codes and assignments, but never change or delete a license or the audit trail. Its password comes from SMARTCONNECT_TECHNICIAN_PASSWORD, else it is asked for (without echo). Running it again is harmless: it updates the role's password and rights."))
      }

      @OptionGroup var global: GlobalOptions

      @Option(
        help: ArgumentHelp(
          CommandLanguage.tr("Create (or update) this login role for the technicians."),
          valueName: "name"))
      var technicianRole: String?

      func run() async throws {
        guard case .postgres = try global.storeSpec() else {
          throw Refusal(.storeInitNeedsPostgres)
        }
        let store = try await global.openStore()
        guard let role = technicianRole else {
          print(CommandWords.text(.schemaUpToDate(store: store.displayName), global.language))
          return
        }
        let password = try Self.technicianPassword(
          role: role, environment: global.environment, language: global.language)
        try await StoreOpener.setUpTechnicianRole(
          store, name: role, password: password, context: global.context())
        print(
          CommandWords.text(
            .technicianRoleReady(store: store.displayName, role: role), global.language))
      }

      /// SMARTCONNECT_TECHNICIAN_PASSWORD, else asked for at the terminal (twice) or read
      /// from standard input.
      static func technicianPassword(
        role: String, environment: [String: String], language: Language
      ) throws -> String {
        if let given = environment["SMARTCONNECT_TECHNICIAN_PASSWORD"], !given.isEmpty {
          return given
        }
        let prompt = CommandWords.text(.rolePasswordPrompt(role: role), language)
        guard let typed = SecretInput.readLine(prompt: prompt), !typed.isEmpty else {
          throw Refusal(.noTechnicianPassword)
        }
        if isatty(STDIN_FILENO) == 1 {
          guard SecretInput.readLine(prompt: CommandWords.text(.againPrompt, language)) == typed
          else {
            throw Refusal(.passwordsDiffer)
          }
        }
        return typed
      }
    }
  }
}
