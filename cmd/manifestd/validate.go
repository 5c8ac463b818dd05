package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/liveengage/manifestd/manifest"
)

// runValidate checks each file and prints its problems.
func runValidate(args []string, env environment) error {
	fs := flag.NewFlagSet("validate", flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	format := fs.String("format", "text", "output format: text or json")
	if err := fs.Parse(args); err != nil {
		return &exitError{code: exitUsage}
	}
	if *format != "text" && *format != "json" {
		return usageError("--format must be text or json, not %q", *format)
	}
	if fs.NArg() == 0 {
		return usageError("validate needs at least one FILE ('-' reads stdin)")
	}
	worst := exitOK
	for _, name := range fs.Args() {
		data, err := readInput(name, env.stdin)
		if err != nil {
			fmt.Fprintf(env.stderr, "%s: %v\n", name, err)
			worst = max(worst, exitUsage)
			continue
		}
		_, problems := manifest.Check(data)
		if manifest.HasErrors(problems) {
			worst = max(worst, exitInvalid)
		}
		if err := printReport(env.stdout, *format, name, problems); err != nil {
			return err
		}
	}
	if worst != exitOK {
		return &exitError{code: worst}
	}
	return nil
}

func printReport(w io.Writer, format, name string, problems []manifest.Problem) error {
	if format == "json" {
		line, err := json.Marshal(manifest.NewReport(name, problems))
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(w, "%s\n", line)
		return err
	}
	for _, p := range problems {
		path := p.Path
		if path == "" {
			path = "(document)"
		}
		line := fmt.Sprintf("%s: %s: %s: %s", name, path, p.Severity, p.Message)
		if p.Hint != "" {
			line += " (" + p.Hint + ")"
		}
		fmt.Fprintln(w, line)
	}
	if !manifest.HasErrors(problems) {
		fmt.Fprintf(w, "%s: valid\n", name)
	}
	return nil
}

// readInput reads a named file, or stdin for "-", refusing more than a manifest may be.
func readInput(name string, stdin io.Reader) ([]byte, error) {
	var r io.Reader = stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	data, err := io.ReadAll(io.LimitReader(r, manifest.MaxSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > manifest.MaxSize {
		return nil, fmt.Errorf("larger than %d bytes; a manifest is a few kilobytes", manifest.MaxSize)
	}
	return data, nil
}
