//go:build !browser

package web

import (
	"testing"

	"github.com/liveengage/manifestd/store/storetest"
)

// TestMain stops the PostgreSQL that the tests of instances sharing a
// database start. (With the browser tests, their TestMain does.)
func TestMain(m *testing.M) { storetest.Main(m) }
