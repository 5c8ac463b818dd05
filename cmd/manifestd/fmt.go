package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/liveengage/manifestd/manifest"
)

// runFmt prints, or with -w rewrites, each file in canonical form. A file that
// does not parse is never rewritten: formatting it would lose what is there.
func runFmt(args []string, env environment) error {
	fs := flag.NewFlagSet("fmt", flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	write := fs.Bool("w", false, "rewrite the files in place")
	if err := fs.Parse(args); err != nil {
		return &exitError{code: exitUsage}
	}
	if fs.NArg() == 0 {
		return usageError("fmt needs at least one FILE ('-' reads stdin)")
	}
	worst := exitOK
	for _, name := range fs.Args() {
		worst = max(worst, formatOne(name, *write, env))
	}
	if worst != exitOK {
		return &exitError{code: worst}
	}
	return nil
}

func formatOne(name string, write bool, env environment) int {
	if write && name == "-" {
		fmt.Fprintln(env.stderr, "-: cannot rewrite stdin; drop -w to print the canonical form")
		return exitUsage
	}
	data, err := readInput(name, env.stdin)
	if err != nil {
		fmt.Fprintf(env.stderr, "%s: %v\n", name, err)
		return exitUsage
	}
	doc, problems := manifest.Decode(data)
	if manifest.HasErrors(problems) {
		fmt.Fprintf(env.stderr, "%s: not formatted, it does not parse: %s\n", name, problems[0].Message)
		return exitInvalid
	}
	out := manifest.Format(doc)
	if manifest.RenamesLegacyEvent(doc) {
		fmt.Fprintf(env.stderr, "%s: renamed %s to cqm.ExConversationChangeNotification\n", name, manifest.LegacyExConversationEvent)
	}
	if !write {
		env.stdout.Write(out)
		return exitOK
	}
	if bytes.Equal(out, data) {
		return exitOK
	}
	if err := writeFileAtomic(name, out); err != nil {
		fmt.Fprintf(env.stderr, "%s: %v\n", name, err)
		return exitUsage
	}
	return exitOK
}

// writeFileAtomic replaces name with data, keeping its permissions, so that a
// crash never leaves half a manifest behind.
func writeFileAtomic(name string, data []byte) error {
	info, err := os.Stat(name)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(name), ".manifestd-fmt-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(info.Mode().Perm()); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}

// runSchema prints the manifest's JSON Schema.
func runSchema(args []string, env environment) error {
	if len(args) > 0 {
		return usageError("schema takes no arguments")
	}
	_, err := env.stdout.Write(manifest.Schema())
	return err
}
