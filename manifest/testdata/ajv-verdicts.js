// Compiles the manifest's JSON Schema with Ajv 8 in strict mode, as
// JavaScript tools and editors read it, and prints as JSON, for every
// document in a folder, Ajv's errors: none means valid.
// Usage: node ajv-verdicts.js SCHEMA.json FOLDER
"use strict";
const fs = require("fs");
const path = require("path");
const Ajv2020 = require("ajv/dist/2020").default;

const [schemaFile, folder] = process.argv.slice(2);
const fail = (...args) => { throw new Error(args.join(" ")); };
// strict: true turns every strict-mode finding into an error; a warning
// logged by any other check fails the run too.
const ajv = new Ajv2020({strict: true, allErrors: true, logger: {log() {}, warn: fail, error: fail}});
const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaFile, "utf8")));

const verdicts = {};
for (const name of fs.readdirSync(folder).sort()) {
  const doc = JSON.parse(fs.readFileSync(path.join(folder, name), "utf8"));
  verdicts[name] = validate(doc) ? [] : validate.errors.map((e) => `${e.instancePath || "/"}: ${e.message}`);
}
process.stdout.write(JSON.stringify(verdicts));
