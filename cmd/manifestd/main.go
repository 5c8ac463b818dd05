// Command manifestd is the manifest studio: a web server for editing and
// reviewing LiveEngage app manifests, and command-line tools to validate and
// format manifest files.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], environment{getenv: os.Getenv, stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr})
	stop()
	os.Exit(exitCode(err, os.Stderr))
}
