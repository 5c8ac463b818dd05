// Package manifest is the domain of a LiveEngage app manifest: the JSON file a
// LivePerson customer hands to the account team to have an app (today, a
// Connector API app) installed.
//
// Everything that knows what a manifest is lives here, without I/O:
//   - Document, an ordered JSON object that holds a manifest in any state,
//     including what is still wrong, and JSON Pointer access to it;
//   - Decode, which parses and reports malformed input with line and column;
//   - Validate, which applies the rules of the project's RULES.md;
//   - Format, the canonical form used for export and `manifestd fmt`;
//   - Schema, the same rules as a JSON Schema for editors such as VS Code;
//   - the tables (event types, options, limits, help) that the forms render.
//
// The rules are data: one table of fields (rules.go) from which Validate,
// Format, Schema and FieldHelp are all derived, so they cannot drift apart.
// Checks a table cannot express are small named functions (checks.go), each
// carrying the schema pattern that says the same thing.
package manifest
