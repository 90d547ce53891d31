import ArgumentParser
import Foundation
import SubscriptionStore

extension SmartConnect {
  /// Setting up a shared store, for the person who looks after the database.
  struct StoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "store",
      abstract: "Set up a shared (PostgreSQL) store.",
      subcommands: [Init.self])

    /// `store init`: the schema, and the role the technicians log in with.
    struct Init: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Create the schema of a PostgreSQL store and the technicians' role.",
        discussion: """
          Run it once as the database's owner, e.g.
            smartconnect --store postgres://owner@db.example.com/fleet store init \\
              --technician-role technician
          The role can read everything and add devices, codes and assignments, but never
          change or delete a license or the audit trail. Its password comes from
          SMARTCONNECT_TECHNICIAN_PASSWORD, else it is asked for (without echo).
          Running it again is harmless: it updates the role's password and rights.
          """)

      @OptionGroup var global: GlobalOptions

      @Option(
        help: ArgumentHelp(
          "Create (or update) this login role for the technicians.", valueName: "name"))
      var technicianRole: String?

      func run() async throws {
        guard case .postgres = try global.storeSpec() else {
          throw Refusal(
            "store init sets up a PostgreSQL store: give --store postgres://owner@host/db "
              + "(an SQLite store sets itself up on first use).")
        }
        let store = try await global.openStore()
        guard let role = technicianRole else {
          print("The schema of \(store.displayName) is up to date.")
          return
        }
        let password = try Self.technicianPassword(role: role, environment: global.environment)
        try await StoreOpener.setUpTechnicianRole(
          store, name: role, password: password, context: global.context())
        print(
          "The schema of \(store.displayName) is up to date; technicians log in as \(role) "
            + "(reading and adding only).")
      }

      /// SMARTCONNECT_TECHNICIAN_PASSWORD, else asked for at the terminal (twice) or read
      /// from standard input.
      static func technicianPassword(role: String, environment: [String: String]) throws
        -> String
      {
        if let given = environment["SMARTCONNECT_TECHNICIAN_PASSWORD"], !given.isEmpty {
          return given
        }
        guard let typed = SecretInput.readLine(prompt: "Password for role \(role): "),
          !typed.isEmpty
        else {
          throw Refusal(
            "The technician role needs a password: type it, or set "
              + "SMARTCONNECT_TECHNICIAN_PASSWORD.")
        }
        if isatty(STDIN_FILENO) == 1 {
          guard SecretInput.readLine(prompt: "Again: ") == typed else {
            throw Refusal("The two passwords differ; nothing was changed.")
          }
        }
        return typed
      }
    }
  }
}
