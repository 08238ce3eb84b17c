package ui

import (
	"os"
	"testing"

	"paidup/internal/pgtest"
)

// TestMain stops the PostgreSQL cluster the office-ledger test starts.
func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }
