package app

import (
	"os"
	"testing"

	"paidup/internal/pgtest"
)

// TestMain stops the PostgreSQL cluster a test may have started.
func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }
