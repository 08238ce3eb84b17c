package reminders

import (
	"os"
	"testing"

	"paidup/internal/pgtest"
)

// TestMain stops the PostgreSQL cluster the PostgreSQL run starts
// (PAIDUP_TEST_BACKEND=postgres: the suite runs on a database, not a file).
func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }
