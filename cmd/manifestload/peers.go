package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// The echo server and the bare handler run as this program started again
// with these variables set, so each is a process of its own whose CPU and
// pauses are its own, as the server's are.
const (
	peerEnv     = "MANIFESTLOAD_PEER" // "echo" or "bare"
	peerAddrEnv = "MANIFESTLOAD_ADDR"
)

// peerHandlers are the baselines: what the validation API is measured against.
var peerHandlers = map[string]http.HandlerFunc{
	// echo decodes the JSON body with encoding/json and encodes it back.
	"echo": func(w http.ResponseWriter, r *http.Request) {
		var v any
		if err := json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&v); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(v)
	},
	// bare reads the body and answers a small constant.
	"bare": func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, io.LimitReader(r.Body, 1<<20))
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"valid":true,"problems":[]}`+"\n")
	},
}

// servePeer serves one of the peerHandlers on addr until it is stopped.
func servePeer(name, addr string) error {
	h, ok := peerHandlers[name]
	if !ok {
		return fmt.Errorf("no peer %q", name)
	}
	srv := &http.Server{Addr: addr, Handler: h, ReadHeaderTimeout: 10 * time.Second}
	return srv.ListenAndServe()
}

// startPeer starts this program again as the peer name.
func startPeer(ctx context.Context, name, dir string) (*process, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(self)
	cmd.Env = append(os.Environ(), peerEnv+"="+name, peerAddrEnv+"="+addr)
	return start(ctx, name, dir, addr, "/", cmd)
}

// Node peer: what a team might write instead, with versions pinned.
const nodePackageJSON = `{
  "name": "manifestload-node-peer",
  "private": true,
  "dependencies": {"fastify": "5.12.8", "ajv": "8.20.0", "ajv-formats": "3.0.1"}
}
`

const nodeServerJS = `'use strict';
// A validation API as a Node team would write it: fastify and Ajv compiled
// from manifestd's own JSON Schema.
const fs = require('fs');
const Fastify = require('fastify');
const Ajv2020 = require('ajv/dist/2020');
const addFormats = require('ajv-formats');

const [port, schemaPath] = process.argv.slice(2);
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaPath, 'utf8')));

const app = Fastify({ logger: false, bodyLimit: 1 << 20 });
app.get('/', async () => 'ok');
app.post('/api/v1/validate', async (req) => {
  const valid = validate(req.body);
  return { valid, problems: valid ? [] : validate.errors };
});
app.listen({ host: '127.0.0.1', port: Number(port) }).catch((err) => { console.error(err); process.exit(1); });
`

// startNodePeer installs the Node peer into dir/node-peer and starts it.
// It answers why it did not when node or npm is missing or the install fails.
func startNodePeer(ctx context.Context, dir, serverBin string) (*process, string, error) {
	for _, tool := range []string{"node", "npm"} {
		if _, err := exec.LookPath(tool); err != nil {
			return nil, tool + " is not installed", nil
		}
	}
	peerDir := filepath.Join(dir, "node-peer")
	if err := os.MkdirAll(peerDir, 0o755); err != nil {
		return nil, "", err
	}
	schema, err := exec.CommandContext(ctx, serverBin, "schema").Output()
	if err != nil {
		return nil, "", fmt.Errorf("manifestd schema: %w", err)
	}
	for name, body := range map[string][]byte{"package.json": []byte(nodePackageJSON), "server.js": []byte(nodeServerJS), "schema.json": schema} {
		if err := os.WriteFile(filepath.Join(peerDir, name), body, 0o644); err != nil {
			return nil, "", err
		}
	}
	installCtx, cancel := context.WithTimeout(ctx, 3*time.Minute)
	defer cancel()
	install := exec.CommandContext(installCtx, "npm", "install", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error")
	install.Dir = peerDir
	if out, err := install.CombinedOutput(); err != nil {
		return nil, fmt.Sprintf("npm install failed: %v: %.300s", err, out), nil
	}
	addr, err := freeAddr()
	if err != nil {
		return nil, "", err
	}
	_, port, _ := net.SplitHostPort(addr)
	cmd := exec.Command("node", "server.js", port, "schema.json")
	cmd.Dir = peerDir
	p, err := start(ctx, "node-peer", dir, addr, "/", cmd)
	return p, "", err
}
